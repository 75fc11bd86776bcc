package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One program run as an argument list (never a shell string). A query only reads state (its exit
 * code answers a question, e.g. "does this link exist?"); a change alters the system.
 */
public record Command(List<String> argv, boolean query) {

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
    }

    public static Command change(String... argv) {
        return new Command(List.of(argv), false);
    }

    public static Command query(String... argv) {
        return new Command(List.of(argv), true);
    }

    public static Command change(List<String> argv) {
        return new Command(argv, false);
    }

    /** The same command run inside {@code netns} ({@code ip netns exec}), or unchanged. */
    public Command in(Optional<NamespaceName> netns) {
        if (netns.isEmpty()) {
            return this;
        }
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", netns.get().value()));
        wrapped.addAll(argv);
        return new Command(wrapped, query);
    }

    /** The program name, for error codes and logs. */
    public String program() {
        return argv.get(0);
    }

    /** Human-readable form for logs and reports; arguments with spaces or quotes are single-quoted. */
    @Override
    public String toString() {
        return argv.stream().map(Command::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
