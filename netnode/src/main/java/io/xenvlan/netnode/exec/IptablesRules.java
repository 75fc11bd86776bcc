package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * iptables rules written as {@code table, chain, match..., target...}: each is checked
 * ({@code -C}) before it is added, so every call is idempotent, and removed with every copy.
 */
public final class IptablesRules {
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;

    public IptablesRules(CommandRunner runner, Optional<NamespaceName> netns) {
        this.runner = runner;
        this.netns = netns;
    }

    /** Appends the rule to its chain unless it is there. */
    public void ensure(List<String> rule) {
        if (!present(rule)) {
            runner.check(iptables("-A", rule, false));
        }
    }

    /** Inserts the rule at the top of its chain unless it is there. */
    public void ensureFirst(List<String> rule) {
        if (!present(rule)) {
            List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", rule.get(0), "-I", rule.get(1), "1"));
            argv.addAll(rule.subList(2, rule.size()));
            runner.check(new Command(argv, false).in(netns));
        }
    }

    /** The rules not in {@code listing} (read once for a whole self-check pass), each as one line. */
    public static List<String> missing(List<List<String>> rules, IptablesListing listing) {
        return rules.stream().filter(r -> !listing.contains(r)).map(r -> String.join(" ", r)).toList();
    }

    /** Deletes every copy of the rule. */
    public void remove(List<String> rule) {
        while (present(rule)) {
            runner.check(iptables("-D", rule, false));
        }
    }

    private boolean present(List<String> rule) {
        return runner.run(iptables("-C", rule, true)).ok();
    }

    private Command iptables(String op, List<String> rule, boolean query) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "10", "-t", rule.get(0), op, rule.get(1)));
        argv.addAll(rule.subList(2, rule.size()));
        return new Command(argv, query).in(netns);
    }
}
