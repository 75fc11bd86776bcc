package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.cli.NodeCommand.NodeRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HEALTH column of {@code xenvlan node list}: a node left serving for its grace says so. */
class NodeHealthTest {
    private static NodeRow row(Boolean alive, Boolean draining, Boolean away) {
        return new NodeRow("n", alive, draining, away, alive == null ? null : 500L, List.of(1L));
    }

    @Test
    void health_namesAliveAwayExpiredAndNoLease_withDraining() {
        assertThat(NodeCommand.health(row(true, false, false))).isEqualTo("alive");
        assertThat(NodeCommand.health(row(true, false, true))).isEqualTo("away");
        assertThat(NodeCommand.health(row(true, true, false))).isEqualTo("alive, draining");
        assertThat(NodeCommand.health(row(false, false, true))).as("its grace over").isEqualTo("expired");
        assertThat(NodeCommand.health(row(null, null, null))).isEqualTo("no lease");
    }
}
