package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.exec.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of one network's dnsmasq (nova's, kept in the foreground so it can be supervised). */
final class DnsmasqCommand {
    private DnsmasqCommand() {}

    /** With {@code hostsDir}, dnsmasq also reads added entries from its hosts directory (an inotify instance). */
    static Command of(Network network, InterfaceName leg, DnsmasqFiles files, Path dhcpScript, Duration leaseTime,
                      boolean hostsDir) {
        List<String> argv = new ArrayList<>(List.of(
                "dnsmasq",
                "--keep-in-foreground",
                "--strict-order",
                "--bind-interfaces",
                "--conf-file=",
                "--no-hosts",
                "--no-resolv",
                "--port=0",
                "--pid-file=" + files.pid(),
                "--interface=" + leg.value(),
                "--listen-address=" + network.dhcpServer(),
                "--except-interface=lo",
                "--dhcp-range=set:vlan" + network.vlan().value() + "," + network.dhcpStart() + ",static,"
                        + network.netmask() + "," + leaseTime.toSeconds(),
                "--dhcp-lease-max=" + network.cidr().size(),
                "--dhcp-hostsfile=" + files.hosts(),
                "--dhcp-optsfile=" + files.opts(),
                "--dhcp-leasefile=" + files.leases(),
                "--dhcp-script=" + dhcpScript,
                "--log-facility=" + files.log()));
        if (hostsDir) {
            argv.add(argv.indexOf("--dhcp-hostsfile=" + files.hosts()) + 1, "--dhcp-hostsdir=" + files.hostsDir());
        }
        return Command.change(argv);
    }
}
