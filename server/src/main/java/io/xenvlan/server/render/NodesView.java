package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code GET /v1/nodes}: which network node serves which network, and how far each network's confirmed
 * publication trails the store's change sequence.
 *
 * @param unclaimed the projects' networks no node has taken yet
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodesView(long changeSequence, List<NodeView> nodes, List<NodeNetworkView> unclaimed) {
    public NodesView {
        nodes = List.copyOf(nodes);
        unclaimed = List.copyOf(unclaimed);
    }
}
