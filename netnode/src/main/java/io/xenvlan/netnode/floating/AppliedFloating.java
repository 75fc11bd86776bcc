package io.xenvlan.netnode.floating;

import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Map;
import java.util.Set;

/**
 * What the node holds for floating IPs (read from the kernel, or as last applied): the three maps,
 * the project chains with the digest tag of their rules, the public interfaces set and the /32
 * addresses on each public interface.
 *
 * @param dnat      floating IP to fixed address
 * @param snat      fixed address to floating IP
 * @param ingress   fixed address to the chain it jumps to
 * @param chains    project chain to its digest tag (empty text when it has none)
 * @param addresses the /32 addresses on each interface looked at
 */
record AppliedFloating(boolean tableExists, Map<Ipv4Address, Ipv4Address> dnat, Map<Ipv4Address, Ipv4Address> snat,
                       Map<Ipv4Address, String> ingress, Map<String, String> chains, Set<InterfaceName> publics,
                       Map<InterfaceName, Set<Ipv4Address>> addresses) {
    AppliedFloating {
        dnat = Map.copyOf(dnat);
        snat = Map.copyOf(snat);
        ingress = Map.copyOf(ingress);
        chains = Map.copyOf(chains);
        publics = Set.copyOf(publics);
        addresses = Map.copyOf(addresses);
    }

    static AppliedFloating nothing() {
        return new AppliedFloating(false, Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), Map.of());
    }

    /** How many associations this holds. */
    int associations() {
        return dnat.size();
    }
}
