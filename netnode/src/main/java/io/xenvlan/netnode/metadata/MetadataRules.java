package io.xenvlan.netnode.metadata;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.IptablesListing;
import io.xenvlan.netnode.exec.IptablesRules;
import java.util.List;
import java.util.Optional;

/**
 * The metadata service's packet rules, in the node's namespace: per served network, a DNAT of
 * {@code 169.254.169.254:80} arriving on its leg to the node's listener at the network's DHCP
 * server address (so the listener knows the network by the address a connection reached, and the
 * VM's own address stays the source); and once, at the top of INPUT, a drop of every connection
 * to the listener's port that no such DNAT made, so the service answers on the legs only, never
 * on the public side or on a leg address asked directly. Each rule is checked ({@code -C}) before
 * it is added, and carries a comment naming its network ({@code xenvlan-net-<id>}) or
 * {@code xenvlan-metadata}.
 */
final class MetadataRules {
    static final String METADATA_ADDRESS = "169.254.169.254";
    private final IptablesRules iptables;
    private final int port;

    MetadataRules(CommandRunner runner, Optional<NamespaceName> netns, int port) {
        this.iptables = new IptablesRules(runner, netns);
        this.port = port;
    }

    /** The guard in INPUT: only DNATed connections reach the listener. */
    void start() {
        iptables.ensureFirst(guard());
    }

    void ensure(Network network, InterfaceName leg) {
        iptables.ensure(dnat(network, leg));
    }

    /** The rules of the network (and the guard) not in place, each as its table, chain and match. */
    List<String> missing(Network network, InterfaceName leg, IptablesListing listing) {
        return IptablesRules.missing(List.of(guard(), dnat(network, leg)), listing);
    }

    void remove(Network network, InterfaceName leg) {
        iptables.remove(dnat(network, leg));
    }

    private List<String> guard() {
        return List.of("filter", "INPUT", "-p", "tcp", "--dport", Integer.toString(port), "-m", "conntrack", "!", "--ctstate",
                "DNAT", "-m", "comment", "--comment", "xenvlan-metadata", "-j", "DROP");
    }

    private List<String> dnat(Network network, InterfaceName leg) {
        return List.of("nat", "PREROUTING", "-i", leg.value(), "-d", METADATA_ADDRESS + "/32", "-p", "tcp", "--dport", "80",
                "-m", "comment", "--comment", "xenvlan-net-" + network.id(), "-j", "DNAT", "--to-destination",
                network.dhcpServer() + ":" + port);
    }
}
