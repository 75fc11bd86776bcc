package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.LegService;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.IptablesListing;
import io.xenvlan.netnode.exec.IptablesRules;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each network's DNS to its own VMs. dnsmasq binds the leg's address, and the kernel
 * delivers a packet for a local address whichever interface it came in on, so a VM of another
 * network could ask this network's dnsmasq for its names through the node. Two rules per network
 * drop DNS (UDP and TCP) to the leg's address that did not arrive on the leg.
 */
public final class DnsGuard implements LegService {
    private final IptablesRules iptables;

    public DnsGuard(CommandRunner runner, Optional<NamespaceName> netns) {
        this.iptables = new IptablesRules(runner, netns);
    }

    @Override
    public void serve(Network network, InterfaceName leg) {
        rules(network, leg).forEach(iptables::ensureFirst);
    }

    @Override
    public void stop(Network network, InterfaceName leg) {
        rules(network, leg).forEach(iptables::remove);
    }

    @Override
    public List<String> missing(Network network, InterfaceName leg, IptablesListing listing) {
        return IptablesRules.missing(rules(network, leg), listing);
    }

    private static List<List<String>> rules(Network network, InterfaceName leg) {
        return List.of("udp", "tcp").stream().map(proto -> List.of("filter", "INPUT", "-d", network.dhcpServer() + "/32", "-p", proto,
                "--dport", "53", "!", "-i", leg.value(), "-m", "comment", "--comment", "xenvlan-net-" + network.id(), "-j", "DROP"))
                .toList();
    }
}
