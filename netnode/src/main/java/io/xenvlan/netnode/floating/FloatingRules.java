package io.xenvlan.netnode.floating;

import io.xenvlan.core.value.InterfaceName;
import java.util.Set;

/**
 * Where the node's floating IPs live: NAT, ingress chains and the public addresses. Every call is a
 * batch: one apply of many changes costs a few processes, however many associations it carries.
 */
interface FloatingRules {

    /** Makes the table, its maps and base chains exist (idempotent; the maps keep their elements). */
    void start();

    /** Applies the changes in one transaction of rules, one batch of addresses and one flush of connections. */
    void apply(FloatingChanges changes);

    /**
     * Deletes the tracked connections NATed through the plan's pool addresses in a way the plan no
     * longer has (left behind by a crash between a batch's rules and its flush); returns how many.
     */
    int flushStale(FloatingPlan plan);

    /** What the kernel holds now, with the /32 addresses of {@code interfaces} (queries only). */
    AppliedFloating read(Set<InterfaceName> interfaces);
}
