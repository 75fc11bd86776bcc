package io.xenvlan.core.hypervisor;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.port.NetworkNodeStore;
import java.time.Duration;

/**
 * What {@code vif attach} waits for between the allocation and the VIF: the network node serving the
 * new DHCP entry, so a VM never gets its VIF (and boots) before dnsmasq knows its address.
 */
@FunctionalInterface
public interface DhcpReadiness {
    /** Does not wait (no network node confirms, e.g. the API without one). */
    DhcpReadiness NONE = allocation -> { };

    /**
     * Returns when the allocation's host entry is live.
     *
     * @throws io.xenvlan.core.error.BackendFailureException {@code PUBLISH_TIMEOUT} when it is not in time
     */
    void await(Allocation allocation);

    /** Waits, up to {@code timeout}, until the serving node confirms every change up to the allocation's. */
    static DhcpReadiness confirmedBy(NetworkNodeStore store, PublicationWait wait, Duration timeout) {
        return allocation -> wait.await(allocation.network().id(), store.changeSequence(), timeout);
    }
}
