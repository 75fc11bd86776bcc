package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.NodeFinding.Kind;
import java.util.ArrayList;
import java.util.HashSet;
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
        return link(name, true).isPresent();
    }

    boolean existsInRoot(InterfaceName name) {
        return link(name, false).isPresent();
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
        for (String a : legAddresses(network)) {
            run("addr", "replace", a, "dev", leg.value());
        }
        run("link", "set", "dev", leg.value(), "up");
    }

    /** The addresses {@link #configureLeg} puts on a network's leg, as {@code address/prefix}. */
    private static Set<String> legAddresses(Network network) {
        Set<String> addresses = new LinkedHashSet<>();
        for (Ipv4Address a : List.of(network.dhcpServer(), network.gateway())) {
            addresses.add(a + "/" + network.cidr().prefix());
        }
        return addresses;
    }

    /**
     * What {@link #configureLeg} would change on the leg (queries only): the leg missing, down, or
     * without the gateway or DHCP server address.
     */
    List<NodeFinding> checkLeg(InterfaceName leg, Network network) {
        Optional<String> link = link(leg, true);
        if (link.isEmpty()) {
            return List.of(NodeFinding.of(Kind.LEG_MISSING, network, "interface " + leg + " does not exist"));
        }
        List<NodeFinding> found = new ArrayList<>();
        if (!up(link.get())) {
            found.add(NodeFinding.of(Kind.LEG_DOWN, network, "interface " + leg + " is down"));
        }
        CommandResult shown = runner.run(ip(true, "-o", "-4", "addr", "show", "dev", leg.value()));
        Set<String> present = new HashSet<>();
        shown.stdout().lines().forEach(line -> {
            List<String> words = List.of(line.trim().split("\\s+"));
            int inet = words.indexOf("inet");
            if (inet >= 0 && inet + 1 < words.size()) {
                present.add(words.get(inet + 1));
            }
        });
        for (String a : legAddresses(network)) {
            if (!present.contains(a)) {
                found.add(NodeFinding.of(Kind.ADDRESS_MISSING, network, "interface " + leg + " lacks " + a));
            }
        }
        return found;
    }

    /**
     * The one-line {@code ip -o link show} of {@code dev}, in the node's namespace or (not
     * {@code inNamespace}) the root one; empty when it does not exist.
     */
    Optional<String> link(InterfaceName dev, boolean inNamespace) {
        Command show = inNamespace ? ip(true, "-o", "link", "show", "dev", dev.value())
                : Command.query("ip", "-o", "link", "show", "dev", dev.value());
        CommandResult r = runner.run(show);
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    /** Whether an {@code ip -o link} line's flags ({@code <BROADCAST,MULTICAST,UP,LOWER_UP>}) say UP. */
    static boolean up(String linkLine) {
        int open = linkLine.indexOf('<');
        int close = linkLine.indexOf('>', open + 1);
        return open >= 0 && close > open && List.of(linkLine.substring(open + 1, close).split(",")).contains("UP");
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
