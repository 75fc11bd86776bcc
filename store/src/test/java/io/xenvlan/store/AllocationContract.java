package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fixed IP and MAC allocation and release. */
interface AllocationContract extends StoreFixture {

    @Test
    default void allocate_firstAllocationAssociatesTheLowestFreeNetwork() {
        networks(3, 256);
        Allocation a = manager().allocate(ProjectId.of("alpha"), InstanceId.of("vm-1"), Optional.empty());
        Allocation b = manager().allocate(ProjectId.of("beta"), InstanceId.of("vm-2"), Optional.empty());
        Allocation a2 = manager().allocate(ProjectId.of("alpha"), InstanceId.of("vm-3"), Optional.empty());
        assertThat(a.network().vlan().value()).isEqualTo(100);
        assertThat(b.network().vlan().value()).isEqualTo(101);
        assertThat(a2.network().id()).isEqualTo(a.network().id());
        assertThat(a.network().project()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("alpha"));
    }

    @Test
    default void allocate_handsOutFromDhcpStart_withPrefixedUniqueMacs() {
        Network n = networks(1, 256).get(0);
        Allocation first = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        Allocation second = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty());
        assertThat(first.address()).isEqualTo(n.dhcpStart());
        assertThat(second.address()).isEqualTo(n.dhcpStart().plus(1));
        assertThat(first.mac().hasXenvlanPrefix()).isTrue();
        assertThat(first.mac()).isNotEqualTo(second.mac());
        assertThat(store().addresses(io.xenvlan.core.port.AddressFilter.inUseEverywhere()))
                .extracting(FixedIp::address).containsExactly(first.address(), second.address());
    }

    @Test
    default void allocate_requestedAddress() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.of("10.0.0.77"));
        assertThat(a.address()).hasToString("10.0.0.77");
        assertThat(store().addresses(io.xenvlan.core.port.AddressFilter.inUseEverywhere()).get(0).instance())
                .hasValueSatisfying(i -> assertThat(i.value()).isEqualTo("vm"));
    }

    @Test
    default void allocate_neverHandsOutReservedAddresses_untilExhausted() {
        Network n = networks(1, 8).get(0);
        List<String> got = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(manager().allocate(ProjectId.of("p"), InstanceId.of("vm-" + i), Optional.empty()).address().toString());
        }
        assertThat(got).containsExactly("10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6");
        Snapshot before = snapshot();
        assertThatThrownBy(() -> manager().allocate(ProjectId.of("p"), InstanceId.of("vm-x"), Optional.empty()))
                .isInstanceOf(ExhaustedException.class).hasMessage("address: no free address in network 'net' (" + n.cidr() + ")");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    default void allocate_macDerivedFromTheAddress_inEachNetworksOwnBlock() {
        networks(2, 256);
        Allocation a = manager().allocate(ProjectId.of("alpha"), InstanceId.of("vm-1"), Optional.empty());
        Allocation b = manager().allocate(ProjectId.of("beta"), InstanceId.of("vm-2"), Optional.empty());
        Allocation a2 = manager().allocate(ProjectId.of("alpha"), InstanceId.of("vm-3"), Optional.empty());
        assertThat(a.mac()).hasToString("fa:16:3e:00:00:03");
        assertThat(a2.mac()).hasToString("fa:16:3e:00:00:04");
        assertThat(b.mac()).hasToString("fa:16:3e:00:01:03");
        manager().release(a.address().toString());
        Allocation again = manager().allocate(ProjectId.of("alpha"), InstanceId.of("vm-4"), Optional.empty());
        assertThat(again.address()).isEqualTo(a.address());
        assertThat(again.mac()).isEqualTo(a.mac());
        assertThat(again.vifId()).isNotEqualTo(a.vifId());
        assertThat(again.vifUuid()).isNotEqualTo(a.vifUuid());
    }

    @Test
    default void createNetworks_beyondTheMacSpace_exhaustedAndNothingChanged() {
        // 16 creates of 2^20 addresses fill the 2^24 MACs after fa:16:3e
        for (int i = 0; i < 16; i++) {
            manager().createNetworks(io.xenvlan.core.manager.NetworkRequest.of("big" + i, "10." + (16 * i) + ".0.0/12")
                    .withCount(16, 65536).withVlanStart(100 + 16 * i));
        }
        List<Network> before = store().networks();
        long sequence = store().changeSequence();
        assertThatThrownBy(() -> manager().createNetworks(io.xenvlan.core.manager.NetworkRequest.of("one-more", "172.16.0.0/29")
                .withCount(1, 8).withVlan(4000))).isInstanceOf(ExhaustedException.class).hasMessageContaining("mac: no room for 8 more MAC addresses");
        assertThat(store().networks()).isEqualTo(before);
        assertThat(store().changeSequence()).isEqualTo(sequence);
        manager().deleteNetwork("big3_1");
        assertThat(manager().createNetworks(io.xenvlan.core.manager.NetworkRequest.of("one-more", "172.16.0.0/29").withCount(1, 8).withVlan(4000)))
                .hasSize(1); // a deleted network's block is free again
    }

    @Test
    default void release_removesTheVifAndFreesTheAddress() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        FixedIp released = manager().release(a.address().toString());
        assertThat(released.allocated()).isFalse();
        assertThat(released.releasedAt()).contains(clock().instant());
        assertThat(released.state()).isEqualTo("free");
        assertThat(manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty()).address()).isEqualTo(a.address());
    }

    @Test
    default void releaseInstance_releasesAllItsAddresses() {
        networks(1, 256);
        manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty());
        assertThat(manager().releaseInstance(InstanceId.of("vm-1"))).hasSize(2);
        assertThat(store().addresses(io.xenvlan.core.port.AddressFilter.inUseEverywhere())).hasSize(1);
        assertThatThrownBy(() -> manager().releaseInstance(InstanceId.of("vm-1"))).isInstanceOf(NotFoundException.class);
    }
}
