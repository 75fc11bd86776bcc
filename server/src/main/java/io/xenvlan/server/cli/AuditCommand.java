package io.xenvlan.server.cli;

import io.xenvlan.server.ErrorMapping;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.DriftView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan audit}: what differs between the store and the pools (VLAN PIFs on every host, namesake networks, wrong
 * tags, orphans); {@code --repair} ensures xenvlan's own networks again and prints what remains.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Print the drift between xenvlan's store and one pool or every registered pool; --repair fixes what is xenvlan's own.",
        footer = {"", "Exit codes: 0 no drift remains, " + ErrorMapping.EXIT_DRIFT + " drift remains (listed), others as for every command."})
final class AuditCommand implements Callable<Integer> {
    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;
    @Option(names = "--pool", paramLabel = "NAME", description = "audit this pool only (default: every registered pool)") String pool;
    @Option(names = "--repair", description = "repair missing networks and VLAN PIFs first, then print what remains") boolean repair;

    @Override
    public Integer call() {
        try (Backend backend = global.backend()) {
            List<DriftView> drift = backend.audit(Optional.ofNullable(pool), repair);
            Output.print(spec.commandLine().getOut(), global, drift, () -> ComputeViews.driftTable(drift), "no drift");
            return drift.isEmpty() ? ErrorMapping.EXIT_OK : ErrorMapping.EXIT_DRIFT;
        }
    }
}
