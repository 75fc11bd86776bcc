package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The {@code ip} / {@code ethtool} steps both drivers share, run in the node's namespace when it has one. */
final class IpCommands {
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;

    IpCommands(CommandRunner runner, Optional<NamespaceName> netns) {
        this.runner = runner;
        this.netns = netns;
    }

    /** Creates the node's namespace (loopback up) when it is configured and missing. */
    void ensureNamespace() {
        if (netns.isPresent() && !runner.run(Command.query("ip", "netns", "exec", netns.get().value(), "true")).ok()) {
            runner.check(Command.change("ip", "netns", "add", netns.get().value()));
            runner.check(Command.change("ip", "-n", netns.get().value(), "link", "set", "lo", "up"));
        }
    }

    Optional<NamespaceName> namespace() {
        return netns;
    }

    boolean exists(InterfaceName name) {
        return runner.run(ip(true, "link", "show", "dev", name.value())).ok();
    }

    boolean existsInRoot(InterfaceName name) {
        return runner.run(Command.query("ip", "link", "show", "dev", name.value())).ok();
    }

    void run(String... args) {
        runner.check(ip(false, args));
    }

    /** Runs a change that may fail; the caller reads the result. */
    CommandResult attempt(String... args) {
        return runner.run(ip(false, args));
    }

    /** Gateway and DHCP server addresses with the network's prefix, MTU, up. */
    void configureLeg(InterfaceName leg, Network network) {
        run("link", "set", "dev", leg.value(), "mtu", Integer.toString(network.mtu()));
        Set<Ipv4Address> addresses = new LinkedHashSet<>();
        addresses.add(network.dhcpServer());
        addresses.add(network.gateway());
        for (Ipv4Address a : addresses) {
            run("addr", "replace", a + "/" + network.cidr().prefix(), "dev", leg.value());
        }
        run("link", "set", "dev", leg.value(), "up");
    }

    /** DHCP clients drop frames with partial UDP checksums, which the OVS userspace datapath leaves. */
    void txChecksumOff(InterfaceName dev, boolean inNamespace) {
        Command c = Command.change("ethtool", "-K", dev.value(), "tx", "off");
        runner.check(inNamespace ? c.in(netns) : c);
    }

    private Command ip(boolean query, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("ip");
        netns.ifPresent(n -> {
            argv.add("-n");
            argv.add(n.value());
        });
        argv.addAll(List.of(args));
        return new Command(argv, query);
    }
}
