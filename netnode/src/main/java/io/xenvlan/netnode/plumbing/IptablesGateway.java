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
 *
 * <p>Projects stay apart on the gateway too, not only on the wire: a packet routed into a
 * network's leg jumps first (the rule sits at the top of FORWARD) to chain
 * {@value #TENANTS}, which drops it when it came in on any network's leg. Without this the node
 * would route one project's VMs to another's.
 */
public final class IptablesGateway {
    /** The chain holding one DROP per served network: "came in on this tenant leg". */
    public static final String TENANTS = "xenvlan-tenants";

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final Optional<InterfaceName> publicInterface;

    public IptablesGateway(CommandRunner runner, Optional<NamespaceName> netns, Optional<InterfaceName> publicInterface) {
        this.runner = runner;
        this.netns = netns;
        this.publicInterface = publicInterface;
    }

    /** Turns IPv4 forwarding on and makes the isolation chain. */
    public void start() {
        runner.check(Command.change("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").in(netns));
        if (!runner.run(new Command(List.of("iptables", "-w", "10", "-t", "filter", "-n", "-L", TENANTS), true).in(netns)).ok()) {
            runner.check(new Command(List.of("iptables", "-w", "10", "-t", "filter", "-N", TENANTS), false).in(netns));
        }
    }

    /** Adds the network's rules unless present: isolation at the top of FORWARD, then the accepts. */
    public void ensure(Network network, InterfaceName leg) {
        List<String> into = isolation(network, leg);
        if (!runner.run(iptables("-C", into, true)).ok()) {
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", "filter", "-I", "FORWARD", "1"));
            argv.addAll(into.subList(2, into.size()));
            runner.check(new Command(argv, false).in(netns));
        }
        for (List<String> rule : rules(network, leg)) {
            if (!runner.run(iptables("-C", rule, true)).ok()) {
                runner.check(iptables("-A", rule, false));
            }
        }
    }

    /** The network's rules not in place (queries only), each as its table, chain and match. */
    public List<String> missing(Network network, InterfaceName leg) {
        List<String> missing = new ArrayList<>();
        for (List<String> rule : all(network, leg)) {
            if (!runner.run(iptables("-C", rule, true)).ok()) {
                missing.add(String.join(" ", rule));
            }
        }
        return missing;
    }

    /** Removes every copy of the network's rules. */
    public void remove(Network network, InterfaceName leg) {
        for (List<String> rule : all(network, leg)) {
            while (runner.run(iptables("-C", rule, true)).ok()) {
                runner.check(iptables("-D", rule, false));
            }
        }
    }

    private List<List<String>> all(Network network, InterfaceName leg) {
        List<List<String>> all = new ArrayList<>(rules(network, leg));
        all.add(isolation(network, leg));
        return all;
    }

    /** FORWARD's jump into the isolation chain for packets routed into the leg. */
    private static List<String> isolation(Network network, InterfaceName leg) {
        return List.of("filter", "FORWARD", "-o", leg.value(), "-m", "comment", "--comment", "xenvlan-net-" + network.id(),
                "-j", TENANTS);
    }

    /** Each appended rule as table, chain, then the match and target. */
    private List<List<String>> rules(Network network, InterfaceName leg) {
        String comment = "xenvlan-net-" + network.id();
        List<List<String>> rules = new ArrayList<>();
        rules.add(List.of("filter", TENANTS, "-i", leg.value(), "-m", "comment", "--comment", comment, "-j", "DROP"));
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
