package io.xenvlan.netnode.metadata;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
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
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final int port;

    MetadataRules(CommandRunner runner, Optional<NamespaceName> netns, int port) {
        this.runner = runner;
        this.netns = netns;
        this.port = port;
    }

    /** The guard in INPUT: only DNATed connections reach the listener. */
    void start() {
        List<String> guard = guard();
        if (!runner.run(iptables("-C", guard, true)).ok()) {
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", "filter", "-I", "INPUT", "1"));
            argv.addAll(guard.subList(2, guard.size()));
            runner.check(new Command(argv, false).in(netns));
        }
    }

    void ensure(Network network, InterfaceName leg) {
        List<String> rule = dnat(network, leg);
        if (!runner.run(iptables("-C", rule, true)).ok()) {
            runner.check(iptables("-A", rule, false));
        }
    }

    /** The rules of the network (and the guard) not in place, each as its table, chain and match. */
    List<String> missing(Network network, InterfaceName leg) {
        List<String> missing = new ArrayList<>();
        for (List<String> rule : List.of(guard(), dnat(network, leg))) {
            if (!runner.run(iptables("-C", rule, true)).ok()) {
                missing.add(String.join(" ", rule));
            }
        }
        return missing;
    }

    void remove(Network network, InterfaceName leg) {
        List<String> rule = dnat(network, leg);
        while (runner.run(iptables("-C", rule, true)).ok()) {
            runner.check(iptables("-D", rule, false));
        }
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

    private Command iptables(String op, List<String> rule, boolean query) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", rule.get(0), op, rule.get(1)));
        argv.addAll(rule.subList(2, rule.size()));
        return new Command(argv, query).in(netns);
    }
}
