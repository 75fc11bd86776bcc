package io.xenvlan.netnode.plumbing;

import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many {@code ip} changes in one process ({@code ip -force -batch -}): every line is tried even
 * when one fails, and each failure is traced back, through the line number {@code ip} reports, to
 * the network whose line it was, so one broken network does not fail the others.
 */
final class IpBatch {
    private static final Pattern FAILED = Pattern.compile("Command failed -:([0-9]+)");

    private final List<String> lines = new ArrayList<>();
    private final List<Long> owners = new ArrayList<>();

    /** Adds one line ({@code link add ...}) on behalf of network {@code owner}. */
    void add(long owner, String... words) {
        lines.add(String.join(" ", words));
        owners.add(owner);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * Runs the lines with {@code ip} (the argument list before {@code -force -batch -}, e.g.
     * {@code ip -n NS}).
     *
     * @return what went wrong, by network: ip's message for the failed line
     */
    Map<Long, String> run(CommandRunner runner, List<String> ip) {
        if (lines.isEmpty()) {
            return Map.of();
        }
        List<String> argv = new ArrayList<>(ip);
        argv.addAll(List.of("-force", "-batch", "-"));
        CommandResult result = runner.run(new Command(argv, false).withInput(lines));
        if (result.ok()) {
            return Map.of();
        }
        Map<Long, String> failed = new HashMap<>();
        String previous = "";
        for (String line : result.stderr().lines().toList()) {
            Matcher m = FAILED.matcher(line);
            if (m.find()) {
                int n = Integer.parseInt(m.group(1)) - 1;
                if (n >= 0 && n < lines.size()) {
                    failed.merge(owners.get(n), "'ip " + lines.get(n) + "': " + previous.strip(), (a, b) -> a + "; " + b);
                }
            }
            previous = line;
        }
        if (failed.isEmpty()) { // ip itself failed (not a line): every network of the batch shares the failure
            String why = "'ip -batch' failed with exit code " + result.exitCode() + ": " + result.stderr().strip();
            owners.forEach(o -> failed.put(o, why));
        }
        return failed;
    }
}
