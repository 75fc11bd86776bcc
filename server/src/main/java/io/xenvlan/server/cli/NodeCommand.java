package io.xenvlan.server.cli;

import io.xenvlan.core.network.Network;
import io.xenvlan.server.client.ApiClient;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.NetworkHandover;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenvlan node handover NETWORK --to NODE}: give a network whose network node is gone to another node. */
@Command(name = "node", description = "Network nodes: hand a network to another node.", mixinStandardHelpOptions = true,
        subcommands = {NodeCommand.Handover.class})
final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "handover", mixinStandardHelpOptions = true,
            description = "Record NODE as the network's node; that node serves it from its next poll. Only for a network whose node is gone.")
    static final class Handover implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NETWORK", description = "id, label, uuid or bridge") String ref;
        @Option(names = "--to", required = true, paramLabel = "NODE", description = "the network node's name (netnode.node-name)") String node;

        @Override
        public void run() {
            Network n;
            try (Backend backend = global.backend()) {
                if (backend instanceof io.xenvlan.server.client.RemoteBackend remote) {
                    remote.api().post("/v1/networks/" + ApiClient.encode(ref) + "/handover", Map.of("node", node));
                    n = backend.network(ref);
                } else {
                    JdbcStore store = ((LocalBackend) backend).store();
                    Network found = GlobalOptions.manager(store).network(ref);
                    new NetworkHandover(store).handOver(found.id(), node);
                    n = GlobalOptions.manager(store).network(Long.toString(found.id()));
                }
            }
            Output.print(spec.commandLine().getOut(), global, Views.network(n), () -> Views.networkTable(List.of(n)), "");
        }
    }
}
