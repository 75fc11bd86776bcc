package io.xenvlan.netnode.exec;

import io.xenvlan.core.netnode.NamespaceName;
import java.nio.file.Path;
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
        return inner.run(command.in(namespace));
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        return inner.start(command.in(namespace), log);
    }
}
