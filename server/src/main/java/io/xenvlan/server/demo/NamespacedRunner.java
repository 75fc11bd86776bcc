package io.xenvlan.server.demo;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs the network node's commands inside the namespace of the simulated pool's trunk switch,
 * which plays the network node machine's root namespace: its Open vSwitch runs there, so the
 * switch side of the node's VLAN legs must be created there too. Nothing touches the real root
 * namespace.
 */
final class NamespacedRunner implements CommandRunner {
    private final CommandRunner inner;
    private final Optional<NamespaceName> namespace;

    NamespacedRunner(CommandRunner inner, String namespace) {
        this.inner = inner;
        this.namespace = Optional.of(new NamespaceName(namespace));
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
