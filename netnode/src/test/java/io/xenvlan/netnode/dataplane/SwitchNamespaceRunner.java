package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Runs every command inside the data plane's switch namespace, which plays the machine's root
 * namespace for the code under test: its private ovs-vswitchd and the root-side veth ends live
 * there, so nothing touches the real root namespace.
 */
final class SwitchNamespaceRunner implements CommandRunner {
    private final CommandRunner inner;
    private final Optional<NamespaceName> ns;

    SwitchNamespaceRunner(CommandRunner inner, String ns) {
        this.inner = inner;
        this.ns = Optional.of(new NamespaceName(ns));
    }

    @Override
    public CommandResult run(Command command) {
        return inner.run(command.in(ns));
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        return inner.start(command.in(ns), log);
    }
}
