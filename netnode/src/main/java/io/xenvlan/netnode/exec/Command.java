package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One program run as an argument list (never a shell string). A query only reads state (its exit
 * code answers a question, e.g. "does this link exist?"); a change alters the system. {@code input}
 * is written to the program's standard input: the lines of a batch ({@code ip -batch -}, {@code
 * nft -f -}), each built from validated names, so many changes cost one process.
 */
public record Command(List<String> argv, boolean query, String input) {

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        input = input == null ? "" : input;
    }

    public Command(List<String> argv, boolean query) {
        this(argv, query, "");
    }

    /** The same command reading {@code lines} (one per line) from its standard input. */
    public Command withInput(List<String> lines) {
        return new Command(argv, query, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
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
        return new Command(wrapped, query, input);
    }

    /**
     * The same command run in {@code netns}'s network namespace only ({@code nsenter --net}): for a
     * long-running process (dnsmasq) that needs nothing but the network namespace. {@link #in}'s
     * {@code ip netns exec} also gives the process a mount namespace of its own (to show the
     * namespace's /sys), which a thousand long-running processes would keep, each a copy of the
     * mount tree that every later mount on the machine propagates to.
     */
    public Command inNetwork(Optional<NamespaceName> netns) {
        if (netns.isEmpty()) {
            return this;
        }
        List<String> wrapped = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + netns.get().value(), "--"));
        wrapped.addAll(argv);
        return new Command(wrapped, query, input);
    }

    /** The program name, for error codes and logs. */
    String program() {
        return argv.get(0);
    }

    /**
     * Human-readable form for logs and reports; arguments with spaces or quotes are single-quoted,
     * and a batch's input follows as a here-document.
     */
    @Override
    public String toString() {
        String line = argv.stream().map(Command::quote).collect(Collectors.joining(" "));
        return input.isEmpty() ? line : line + " <<EOF\n" + input + "EOF";
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
