package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The node's iptables rules as one {@code iptables-save} printed them: the self-check reads them
 * once per pass, however many networks' rules it then looks for (a {@code -C} per rule would cost
 * a command per rule and network). A rule written as {@link IptablesRules} writes them ({@code
 * table, chain, match..., target...}) is present when a line of its table and chain holds each of
 * its options with their values (iptables-save adds implicit matches such as {@code -m udp} and
 * may reorder options, so the test is per option, not the line as a whole).
 */
public record IptablesListing(List<String> lines) {

    public IptablesListing {
        lines = List.copyOf(lines);
    }

    /** Reads every table's rules (one command; a query). */
    public static IptablesListing read(CommandRunner runner, Optional<NamespaceName> netns) {
        return new IptablesListing(runner.run(Command.query("iptables-save").in(netns)).stdout().lines().toList());
    }

    /** Whether {@code rule} ({@code table, chain, match..., target...}) is in the listing. */
    public boolean contains(List<String> rule) {
        String table = rule.get(0);
        String chain = rule.get(1);
        List<List<String>> options = options(rule.subList(2, rule.size()));
        String current = "";
        for (String line : lines) {
            if (line.startsWith("*")) {
                current = line.substring(1).trim();
            } else if (current.equals(table) && line.startsWith("-A " + chain + " ")) {
                List<String> tokens = Arrays.asList(line.trim().split("\\s+"));
                if (options.stream().allMatch(o -> holds(tokens, o))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The option is in the line as given: {@code -i X} is not in {@code ! -i X}. */
    private static boolean holds(List<String> tokens, List<String> option) {
        for (int i = 0; i + option.size() <= tokens.size(); i++) {
            if (tokens.subList(i, i + option.size()).equals(option) && (option.get(0).equals("!") || i == 0
                    || !tokens.get(i - 1).equals("!"))) {
                return true;
            }
        }
        return false;
    }

    /** Splits {@code -d X ! -i Y -j DROP} into {@code [-d X] [! -i Y] [-j DROP]}. */
    private static List<List<String>> options(List<String> args) {
        List<List<String>> options = new ArrayList<>();
        List<String> option = new ArrayList<>();
        for (String arg : args) {
            boolean starts = arg.startsWith("-") || arg.equals("!");
            boolean afterNot = option.size() == 1 && option.get(0).equals("!");
            if (starts && !afterNot && !option.isEmpty()) {
                options.add(option);
                option = new ArrayList<>();
            }
            option.add(arg);
        }
        if (!option.isEmpty()) {
            options.add(option);
        }
        return options;
    }
}
