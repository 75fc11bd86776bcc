package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A network as {@code GET /v1/nodes} lists it under its node. A drain answers the node's networks by
 * id alone ({@link #idOnly(long)}): the other fields are then left out.
 *
 * @param publishedSequence the store's change sequence the network's node last confirmed it published
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeNetworkView(long id, String label, Integer vlan, String project, Long publishedSequence) {
    public static NodeNetworkView idOnly(long id) {
        return new NodeNetworkView(id, null, null, null, null);
    }
}
