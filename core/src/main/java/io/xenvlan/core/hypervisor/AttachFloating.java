package io.xenvlan.core.hypervisor;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Optional;

/**
 * The floating IP an attach's new address gets on an auto-floating network ({@code network create
 * --auto-floating}, {@code floating.auto-assign}): committed with the address's association before
 * the VIF exists, and released with the address (a failed attach, a detach, a recovery), in the
 * store's same transaction.
 */
@FunctionalInterface
public interface AttachFloating {
    /** No floating IPs on attach. */
    AttachFloating NONE = allocation -> Optional.empty();

    /**
     * @return the floating IP now associated with the allocation's address, if its network gives one
     * @throws io.xenvlan.core.error.ExhaustedException when it must and none is left (quota or pools)
     */
    Optional<Ipv4Address> assign(Allocation allocation);
}
