package io.xenvlan.server.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.network.Network;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.NetworkHandover;
import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.NodeNetworkView;
import io.xenvlan.server.render.NodeView;
import io.xenvlan.server.render.Table;
import io.xenvlan.server.render.Views;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan node list}: each network node's health, lease age and networks; {@code xenvlan node
 * drain NODE}: hand a node's networks to the others; {@code xenvlan node handover NETWORK --to NODE}:
 * give a network whose network node is gone to another node.
 */
@Command(name = "node", description = "Network nodes: list them, drain one, hand a network to another node.", mixinStandardHelpOptions = true,
        subcommands = {NodeCommand.ListNodes.class, NodeCommand.Drain.class, NodeCommand.Handover.class})
final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** One node as the list shows it ({@code --json} prints these). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record NodeRow(String node, Boolean alive, Boolean draining, Boolean away, Long leaseAgeMs, List<Long> networks) {}

    private static List<NodeRow> rowsOf(List<NodeStatus> nodes) {
        return nodes.stream().map(n -> new NodeRow(n.name(), n.alive(), n.draining(), n.away(), n.leaseAge().toMillis(), n.networks())).toList();
    }

    private static NodeRow rowOf(NodeView n) {
        return new NodeRow(n.node(), n.alive(), n.draining(), n.away(), n.leaseAgeMs(), n.networks().stream().map(NodeNetworkView::id).toList());
    }

    private static Table table(List<NodeRow> rows) {
        Table t = new Table("NODE", "HEALTH", "LEASE AGE", "NETWORKS");
        rows.forEach(r -> t.row(r.node(), health(r),
                r.leaseAgeMs() == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", r.leaseAgeMs() / 1000.0), r.networks().size()));
        return t;
    }

    /** alive, away (left serving for its grace), expired or no lease; then ", draining" when it drains. */
    static String health(NodeRow r) {
        if (r.alive() == null) {
            return "no lease";
        }
        String state = !r.alive() ? "expired" : Boolean.TRUE.equals(r.away()) ? "away" : "alive";
        return state + (Boolean.TRUE.equals(r.draining()) ? ", draining" : "");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each network node: alive, away (stopped leaving its networks served, for its grace) or expired (its lease in the store), draining, lease age, how many networks it serves.")
    static final class ListNodes implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;

        @Override
        public void run() {
            List<NodeRow> rows = new ArrayList<>();
            try (Backend backend = global.backend()) {
                if (backend instanceof io.xenvlan.server.client.RemoteBackend remote) {
                    remote.nodes().nodes().forEach(n -> rows.add(rowOf(n)));
                } else {
                    rows.addAll(rowsOf(((LocalBackend) backend).store().nodes()));
                }
            }
            Output.print(spec.commandLine().getOut(), global, rows, () -> table(rows),
                    "no network node has held a lease in this store");
        }
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = "NODE stops serving its networks and gives them up; the other live nodes take them within a lease renewal. --undo lets it take networks again.")
    static final class Drain implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NODE", description = "the network node's name (netnode.node-name)") String node;
        @Option(names = "--undo", description = "let the node take networks again") boolean undo;

        @Override
        public void run() {
            NodeRow row;
            try (Backend backend = global.backend()) {
                if (backend instanceof io.xenvlan.server.client.RemoteBackend remote) {
                    row = rowOf(remote.drain(node, !undo));
                } else {
                    JdbcStore store = ((LocalBackend) backend).store();
                    if (!store.drainNode(node, !undo)) {
                        throw new NotFoundException("node", node);
                    }
                    row = rowsOf(store.nodes()).stream().filter(r -> r.node().equals(node)).findFirst().orElseThrow();
                }
            }
            NodeRow shown = row;
            Output.print(spec.commandLine().getOut(), global, shown, () -> table(List.of(shown)), "");
        }
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
            NetworkView n;
            try (Backend backend = global.backend()) {
                if (backend instanceof io.xenvlan.server.client.RemoteBackend remote) {
                    remote.handover(ref, node);
                    n = backend.network(ref);
                } else {
                    JdbcStore store = ((LocalBackend) backend).store();
                    Network found = GlobalOptions.manager(store).network(ref);
                    new NetworkHandover(store).handOver(found.id(), node);
                    n = Views.network(GlobalOptions.manager(store).network(Long.toString(found.id())));
                }
            }
            Output.print(spec.commandLine().getOut(), global, n, () -> Views.networkTable(List.of(n)), "");
        }
    }
}
