package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Network creation, lookup, deletion and project association. */
interface NetworkContract extends StoreFixture {

    @Test
    default void createNetworks_storesTheCarvedNetworksWithEveryAddress() {
        List<Network> created = manager().createNetworks(NetworkRequest.of("net", "10.2.0.0/16").withCount(2, 64)
                .withVlanStart(300));
        assertThat(store().networks()).isEqualTo(created);
        Network second = created.get(1);
        assertThat(second.cidr()).hasToString("10.2.0.64/26");
        assertThat(second.vlan().value()).isEqualTo(301);
        assertThat(second.bridge().value()).isEqualTo("br301");
        assertThat(second.gateway()).hasToString("10.2.0.65");
        assertThat(second.dhcpServer()).hasToString("10.2.0.66");
        assertThat(second.dhcpStart()).hasToString("10.2.0.67");
        assertThat(second.project()).isEmpty();
        var all = store().addresses(new AddressFilter(Optional.of(second.id()), Optional.empty(), Optional.empty(), false));
        assertThat(all).hasSize(64);
        assertThat(all.stream().filter(ip -> ip.reserved()).map(ip -> ip.address().toString()))
                .containsExactlyInAnyOrder("10.2.0.64", "10.2.0.65", "10.2.0.66", "10.2.0.127");
    }

    @Test
    default void createNetworks_keepTheirDnsDomain_readBackByEveryLookup() {
        Network plain = manager().createNetworks(NetworkRequest.of("plain", "10.5.0.0/24").withProject("acme")).get(0);
        Network own = manager().createNetworks(NetworkRequest.of("own", "10.4.0.0/24").withDnsDomain("Corp.Example")).get(0);
        assertThat(own.dnsDomain()).hasValueSatisfying(d -> assertThat(d.value()).isEqualTo("corp.example"));
        assertThat(plain.dnsDomain()).isEmpty();
        assertThat(store().networks()).containsExactly(plain, own);
        assertThat(manager().network("own")).isEqualTo(own);
        Network claimed = manager().associate(ProjectId.of("other"), Optional.empty());
        assertThat(claimed.id()).isEqualTo(own.id());
        assertThat(claimed.dnsDomain()).isEqualTo(own.dnsDomain());
        assertThat(manager().networkOf(ProjectId.of("other")).dnsDomain()).isEqualTo(own.dnsDomain());
        assertThat(manager().disassociate(ProjectId.of("other")).dnsDomain()).isEqualTo(own.dnsDomain());
    }

    @Test
    default void createNetworks_skipsVlansInUse() {
        manager().createNetworks(NetworkRequest.of("first", "10.9.0.0/24").withVlan(101));
        List<Network> created = manager().createNetworks(NetworkRequest.of("more", "10.0.0.0/16").withCount(3, 256));
        assertThat(created).extracting(n -> n.vlan().value()).containsExactly(100, 102, 103);
    }

    @Test
    default void createNetworks_withProject_ownedFromTheStart() {
        Network n = manager().createNetworks(NetworkRequest.of("own", "10.3.0.0/24").withProject("acme")).get(0);
        assertThat(n.project()).hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("acme"));
        assertThat(manager().networkOf(ProjectId.of("acme"))).isEqualTo(n);
    }

    @Test
    default void network_foundByIdLabelUuidOrBridge() {
        Network n = networks(1, 256).get(0);
        assertThat(manager().network(Long.toString(n.id()))).isEqualTo(n);
        assertThat(manager().network("net")).isEqualTo(n);
        assertThat(manager().network(n.uuid().toString())).isEqualTo(n);
        assertThat(manager().network("br100")).isEqualTo(n);
    }

    @Test
    default void deleteNetwork_removesItAndItsAddresses() {
        Network n = networks(2, 256).get(0);
        manager().deleteNetwork("net_1");
        assertThat(store().networks()).extracting(Network::label).extracting(Object::toString).containsExactly("net_2");
        assertThat(store().addresses(new AddressFilter(Optional.of(n.id()), Optional.empty(), Optional.empty(), false))).isEmpty();
        assertThatThrownBy(() -> manager().network("net_1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    default void deleteNetwork_refusedWhileAllocated_allowedAfterRelease() {
        networks(1, 256);
        var a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.empty());
        Snapshot before = snapshot();
        assertThatThrownBy(() -> manager().deleteNetwork("net")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("network").hasMessageContaining("allocated");
        assertThat(snapshot()).isEqualTo(before);
        manager().release(a.address().toString());
        manager().deleteNetwork("net");
        assertThat(store().networks()).isEmpty();
    }

    @Test
    default void associate_givesLowestFreeVlan_andIsIdempotent() {
        networks(3, 256);
        assertThat(manager().associate(ProjectId.of("a"), Optional.empty()).vlan().value()).isEqualTo(100);
        assertThat(manager().associate(ProjectId.of("b"), Optional.empty()).vlan().value()).isEqualTo(101);
        assertThat(manager().associate(ProjectId.of("a"), Optional.empty()).vlan().value()).isEqualTo(100);
    }

    @Test
    default void associate_requestedNetwork() {
        networks(3, 256);
        assertThat(manager().associate(ProjectId.of("a"), Optional.of("net_3")).label().value()).isEqualTo("net_3");
        assertThatThrownBy(() -> manager().associate(ProjectId.of("b"), Optional.of("net_3")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already belongs to project a");
    }

    @Test
    default void disassociate_freesTheNetwork_refusedWhileAllocated() {
        networks(1, 256);
        var a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.empty());
        assertThatThrownBy(() -> manager().disassociate(ProjectId.of("p"))).isInstanceOf(ConflictException.class);
        manager().release(a.address().toString());
        Network freed = manager().disassociate(ProjectId.of("p"));
        assertThat(freed.project()).isEmpty();
        assertThat(manager().associate(ProjectId.of("q"), Optional.empty()).id()).isEqualTo(freed.id());
    }
}
