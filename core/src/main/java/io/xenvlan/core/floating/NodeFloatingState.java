package io.xenvlan.core.floating;

import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one network node must apply for floating IPs, as of {@code version}.
 *
 * @param poolsExist      whether any pool exists (the node then needs a public interface)
 * @param poolInterfaces  the interfaces pools name for themselves
 * @param served          the associations whose fixed address is on a network this node serves
 * @param rules           the ingress rules of every project in {@code served}
 */
public record NodeFloatingState(long version, boolean poolsExist, Set<InterfaceName> poolInterfaces, List<ServedFloatingIp> served,
                                Map<ProjectId, List<IngressRule>> rules) {
    public NodeFloatingState {
        poolInterfaces = Set.copyOf(poolInterfaces);
        served = List.copyOf(served);
        rules = Map.copyOf(Objects.requireNonNull(rules, "rules"));
    }
}
