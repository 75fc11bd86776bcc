package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Lease bookkeeping: a released address that dnsmasq still leases stays taken until del or the stale timeout. */
interface LeaseContract extends StoreFixture {

    default void lease(LeaseAction action, Allocation a) {
        store().recordLeaseEvent(new LeaseEvent(action, a.mac(), a.address(), Optional.empty(), Optional.empty(), clock().instant()));
    }

    default FixedIp state(Allocation a) {
        return store().addresses(new AddressFilter(Optional.of(a.network().id()), Optional.empty(), Optional.empty(), false)).stream()
                .filter(ip -> ip.address().equals(a.address())).findFirst().orElseThrow();
    }

    @Test
    default void leasedAndReleased_notHandedOutUntilLeaseDel() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        lease(LeaseAction.ADD, a);
        assertThat(state(a).state()).isEqualTo("leased");
        manager().release(a.address().toString());
        assertThat(state(a).state()).isEqualTo("released");
        assertThat(manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty()).address()).isNotEqualTo(a.address());
        assertThatThrownBy(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-3"), Optional.of(a.address().toString())))
                .isInstanceOf(ConflictException.class).hasMessageContaining("lease");
        lease(LeaseAction.DEL, a);
        assertThat(state(a).state()).isEqualTo("free");
        assertThat(manager().allocate(ProjectId.of("p"), InstanceId.of("vm-4"), Optional.empty()).address()).isEqualTo(a.address());
    }

    @Test
    default void leasedAndReleased_freeAfterTheStaleTimeout() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        lease(LeaseAction.ADD, a);
        manager().release(a.address().toString());
        clock().advance(Duration.ofSeconds(600));
        assertThat(manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty()).address()).isNotEqualTo(a.address());
        clock().advance(Duration.ofSeconds(1));
        assertThat(manager().allocate(ProjectId.of("p"), InstanceId.of("vm-3"), Optional.empty()).address()).isEqualTo(a.address());
        assertThat(state(a).leased()).isFalse();
    }

    @Test
    default void reclaimStale_freesOnlyExpiredReleases() {
        networks(1, 256);
        Allocation old = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        Allocation recent = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty());
        lease(LeaseAction.ADD, old);
        lease(LeaseAction.ADD, recent);
        manager().release(old.address().toString());
        clock().advance(Duration.ofSeconds(400));
        manager().release(recent.address().toString());
        clock().advance(Duration.ofSeconds(300));
        assertThat(manager().reclaimStale()).isEqualTo(1);
        assertThat(state(old).state()).isEqualTo("free");
        assertThat(state(recent).state()).isEqualTo("released");
    }

    @Test
    default void leaseEventForAnotherMac_ignored() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        store().recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, io.xenvlan.core.value.MacAddress.parse("fa:16:3e:ff:ff:ff"),
                a.address(), Optional.empty(), Optional.empty(), clock().instant()));
        assertThat(state(a).leased()).isFalse();
    }
}
