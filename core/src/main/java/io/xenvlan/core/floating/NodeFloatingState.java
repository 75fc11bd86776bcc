package io.xenvlan.core.floating;

import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one network node must apply for floating IPs, as of {@code version}.
 *
 * @param pools  every pool (their ranges tell the node which addresses on a public interface are floating ones)
 * @param served the associations whose fixed address is on a network this node serves
 * @param rules  the ingress rules of every project in {@code served}
 */
public record NodeFloatingState(long version, List<FloatingPool> pools, List<ServedFloatingIp> served,
                                Map<ProjectId, List<IngressRule>> rules) {
    public NodeFloatingState {
        pools = List.copyOf(pools);
        served = List.copyOf(served);
        rules = Map.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    /** Whether any pool exists: the node then needs a public interface for the pools that name none. */
    public boolean poolsExist() {
        return !pools.isEmpty();
    }

    /** The interfaces pools name for themselves. */
    public Set<InterfaceName> poolInterfaces() {
        return pools.stream().map(FloatingPool::iface).flatMap(Optional::stream).collect(Collectors.toSet());
    }
}
