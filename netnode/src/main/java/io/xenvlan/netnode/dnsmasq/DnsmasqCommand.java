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

    /**
     * DNS is served on the leg's address: the network's names in its domain from the DNS hosts file
     * (and, with {@code hostsDir}, its directory), never forwarded ({@code --local}), private reverse
     * lookups answered locally ({@code --bogus-priv}), plain names never forwarded
     * ({@code --domain-needed}), other names to the upstreams when there are any. With
     * {@code hostsDir}, dnsmasq also reads added DHCP and DNS entries from its hosts directories
     * (they share one inotify instance); without, every change is a rewrite and a reload.
     */
    static Command of(Network network, InterfaceName leg, DnsmasqFiles files, Path dhcpScript, Duration leaseTime,
                      DnsSettings dns, boolean hostsDir) {
        String domain = dns.domainOf(network);
        List<String> argv = new ArrayList<>(List.of(
                "dnsmasq",
                "--keep-in-foreground",
                "--strict-order",
                "--bind-interfaces",
                "--conf-file=",
                "--no-hosts",
                "--no-resolv",
                "--port=53",
                "--domain=" + domain,
                "--local=/" + domain + "/",
                "--domain-needed",
                "--bogus-priv",
                "--addn-hosts=" + files.dnsHosts(),
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
            argv.add(argv.indexOf("--addn-hosts=" + files.dnsHosts()) + 1, "--hostsdir=" + files.dnsHostsDir());
        }
        dns.upstreams().forEach(server -> argv.add("--server=" + server));
        return Command.change(argv);
    }
}
