package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs every command of another runner inside one network namespace. Used where a namespace plays
 * a machine's root namespace: the simulated trunk switch of the demo and the test data plane, whose
 * private ovs-vswitchd and root-side veth ends live there, so nothing touches the real root namespace.
 */
public final class NamespacedCommandRunner implements CommandRunner {
    private final CommandRunner inner;
    private final Optional<NamespaceName> namespace;

    public NamespacedCommandRunner(CommandRunner inner, NamespaceName namespace) {
        this.inner = inner;
        this.namespace = Optional.of(namespace);
    }

    @Override
    public boolean executes() {
        return inner.executes();
    }

    @Override
    public CommandResult run(Command command) {
        return inner.run(wrap(command));
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        return inner.start(wrap(command), log);
    }

    @Override
    public Optional<LineSession> open(Command command) {
        return inner.open(wrap(command));
    }

    /**
     * The command inside the namespace, unless it enters a namespace of its own by name ({@code ip
     * netns exec NS}, {@code ip -n NS}, {@code nsenter --net=/run/netns/NS}): named namespaces are
     * the same from anywhere, so a second namespace switch would only cost time (each {@code ip
     * netns exec} makes a mount namespace and remounts /sys).
     */
    private Command wrap(Command command) {
        List<String> argv = command.argv();
        boolean entersItsOwn = argv.size() > 3 && (argv.get(0).equals("ip")
                && (argv.get(1).equals("netns") && argv.get(2).equals("exec") || argv.get(1).equals("-n"))
                || argv.get(0).equals("nsenter") && argv.get(1).startsWith("--net=/run/netns/"));
        return entersItsOwn ? command : command.in(namespace);
    }
}
