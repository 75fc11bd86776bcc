package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway: IPv4 forwarding, FORWARD accepts for each leg and, with a public interface, SNAT
 * (MASQUERADE, so the public address may change) of each network's range. Every rule carries the
 * comment {@code xenvlan-net-<id>}; adding checks first ({@code -C}), removing deletes every copy.
 */
public final class IptablesGateway {
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final Optional<InterfaceName> publicInterface;

    public IptablesGateway(CommandRunner runner, Optional<NamespaceName> netns, Optional<InterfaceName> publicInterface) {
        this.runner = runner;
        this.netns = netns;
        this.publicInterface = publicInterface;
    }

    /** Turns IPv4 forwarding on. */
    public void start() {
        runner.check(Command.change("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").in(netns));
    }

    /** Adds the network's rules unless present. */
    public void ensure(Network network, InterfaceName leg) {
        for (List<String> rule : rules(network, leg)) {
            if (!runner.run(iptables("-C", rule, true)).ok()) {
                runner.check(iptables("-A", rule, false));
            }
        }
    }

    /** Removes every copy of the network's rules. */
    public void remove(Network network, InterfaceName leg) {
        for (List<String> rule : rules(network, leg)) {
            while (runner.run(iptables("-C", rule, true)).ok()) {
                runner.check(iptables("-D", rule, false));
            }
        }
    }

    /** Each rule as table, chain, then the match and target. */
    private List<List<String>> rules(Network network, InterfaceName leg) {
        String comment = "xenvlan-net-" + network.id();
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("filter", "FORWARD", "-i", leg.value(), "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
        rules.add(List.of("filter", "FORWARD", "-o", leg.value(), "-m", "comment", "--comment", comment, "-j", "ACCEPT"));
        publicInterface.ifPresent(pub -> rules.add(List.of("nat", "POSTROUTING", "-s", network.cidr().toString(),
                "-o", pub.value(), "-m", "comment", "--comment", comment, "-j", "MASQUERADE")));
        return rules;
    }

    private Command iptables(String op, List<String> rule, boolean query) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", rule.get(0), op, rule.get(1)));
        argv.addAll(rule.subList(2, rule.size()));
        return new Command(argv, query).in(netns);
    }
}
