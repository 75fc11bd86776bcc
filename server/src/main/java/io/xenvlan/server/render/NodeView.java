package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.xenvlan.core.netnode.NodeStatus;
import java.util.List;

/**
 * A network node and its networks. The lease's fields are left out (not null) for a node that never
 * held a lease in this store: a handover named it, or it runs an older version.
 *
 * @param alive       its lease has not expired
 * @param away        stopped with {@code netnode.on-shutdown = leave}: its lease held for its grace
 * @param leaseAgeMs  milliseconds since its last renewal, by the store's clock
 * @param leaseMs     how long its lease lasts without a renewal
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeView(String node, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean alive,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean draining,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean away,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long leaseAgeMs,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Long leaseMs,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String started,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Integer maxNetworks, List<NodeNetworkView> networks) {
    public NodeView {
        networks = List.copyOf(networks);
    }

    /** The node {@code name} with its lease ({@code null}: none) and networks. */
    public static NodeView of(String name, NodeStatus lease, List<NodeNetworkView> networks) {
        if (lease == null) {
            return new NodeView(name, null, null, null, null, null, null, null, networks);
        }
        return new NodeView(name, lease.alive(), lease.draining(), lease.away(), lease.leaseAge().toMillis(), lease.ttl().toMillis(),
                lease.started().toString(), lease.maxNetworks(), networks);
    }
}
