package io.xenvlan.netnode.floating;

import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.NodeFloatingState;
import io.xenvlan.core.floating.ServedFloatingIp;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the node must hold for the store's state: the associations of its networks (each on its
 * pool's interface or the node's public one), the ingress chains of their projects, the public
 * interfaces, and the pools' ranges (addresses in them on a public interface are floating ones).
 *
 * @param unservable associations whose pool names no interface on a node without {@code netnode.public-interface}
 */
record FloatingPlan(Map<Ipv4Address, FloatingEntry> entries, Map<String, List<IngressRule>> chains, Set<InterfaceName> publics,
                    List<Cidr> poolRanges, List<ServedFloatingIp> unservable) {
    FloatingPlan {
        entries = Map.copyOf(entries);
        chains = Map.copyOf(chains);
        publics = Set.copyOf(publics);
        poolRanges = List.copyOf(poolRanges);
        unservable = List.copyOf(unservable);
    }

    static FloatingPlan of(NodeFloatingState state, Optional<InterfaceName> nodePublic) {
        Map<Ipv4Address, FloatingEntry> entries = new LinkedHashMap<>();
        Map<String, List<IngressRule>> chains = new LinkedHashMap<>();
        List<ServedFloatingIp> unservable = new ArrayList<>();
        for (ServedFloatingIp s : state.served()) {
            Optional<InterfaceName> iface = s.poolInterface().or(() -> nodePublic);
            if (iface.isEmpty()) {
                unservable.add(s);
                continue;
            }
            entries.put(s.floatingIp(), new FloatingEntry(s.floatingIp(), s.fixed(), s.project(), iface.get()));
            chains.put(IngressChains.chainName(s.project()), state.rules().getOrDefault(s.project(), List.of()));
        }
        Set<InterfaceName> publics = new HashSet<>(state.poolInterfaces());
        nodePublic.ifPresent(publics::add);
        return new FloatingPlan(entries, chains, publics, state.pools().stream().map(FloatingPool::range).toList(), unservable);
    }

    static FloatingPlan empty() {
        return new FloatingPlan(Map.of(), Map.of(), Set.of(), List.of(), List.of());
    }

    /** The chain of each project with an association here. */
    static String chain(ProjectId project) {
        return IngressChains.chainName(project);
    }

    /** Whether {@code address} lies in a pool, so a /32 of it on a public interface is a floating address. */
    boolean inPools(Ipv4Address address) {
        return poolRanges.stream().anyMatch(r -> r.contains(address));
    }
}
