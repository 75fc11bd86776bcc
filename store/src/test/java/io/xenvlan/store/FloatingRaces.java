package io.xenvlan.store;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingFilter;
import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.port.AddressFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real threads racing on floating IPs: never one address to two projects, one association at a time, the quota held. */
abstract class FloatingRaces extends FloatingStoreSuite {
    @Test
    void racingAllocations_neverOneAddressTwice_andEachProjectWithinItsQuota() throws Exception {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/26", Optional.empty()));
        FloatingIps quota12 = withQuota(12);

        List<Object> outcomes = Races.race(80, i -> quota12.allocate(ProjectId.of("p" + (i % 4)), Optional.empty()));

        List<FloatingIp> won = outcomes.stream().filter(FloatingIp.class::isInstance).map(FloatingIp.class::cast).toList();
        assertThat(won).hasSize(48);
        assertThat(won.stream().map(FloatingIp::address).distinct()).hasSize(48);
        assertThat(won.stream().collect(Collectors.groupingBy(ip -> ip.project().value(), Collectors.counting())))
                .containsOnlyKeys("p0", "p1", "p2", "p3").allSatisfy((p, n) -> assertThat(n).isEqualTo(12L));
        assertThat(outcomes.stream().filter(o -> !(o instanceof FloatingIp))).allSatisfy(o ->
                assertThat((Throwable) o).isInstanceOf(ExhaustedException.class).hasMessageContaining("its quota is 12"));
        assertThat(fips.list(FloatingFilter.all())).hasSize(48);
    }

    @Test
    void racingAllocations_ofATinyPool_exactlyItsAddressesHandedOut() throws Exception {
        fips.createPool(FloatingPool.parse("tiny", "203.0.113.0/28", Optional.empty()));

        List<Object> outcomes = Races.race(40, i -> fips.allocate(ProjectId.of("p" + (i % 8)), Optional.empty()));

        List<FloatingIp> won = outcomes.stream().filter(FloatingIp.class::isInstance).map(FloatingIp.class::cast).toList();
        assertThat(won).hasSize(14);
        assertThat(won.stream().map(FloatingIp::address).distinct()).hasSize(14);
        assertThat(outcomes.stream().filter(o -> !(o instanceof FloatingIp))).allSatisfy(o ->
                assertThat((Throwable) o).isInstanceOf(ExhaustedException.class).hasMessage("pool: no free floating IP in any pool"));
    }

    @Test
    void racingAssociationsOfOneFloatingIp_endWithOneAssociation() throws Exception {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        List<Allocation> vms = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vms.add(vm("p1", "vm-" + i));
        }
        String fip = fips.allocate(ProjectId.of("p1"), Optional.empty()).address().toString();

        List<Object> outcomes = Races.race(60, i -> fips.associate(Ipv4Address.parse(fip), fixed(vms.get(i % vms.size()))));

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(io.xenvlan.core.floating.Associated.class));
        FloatingIp now = fips.show(Ipv4Address.parse(fip));
        assertThat(vms.stream().map(Allocation::address)).contains(now.association().orElseThrow().fixedAddress());
        assertThat(fips.list(FloatingFilter.all()).stream().filter(ip -> ip.association().isPresent())).hasSize(1);
    }

    @Test
    void racingAssociationsOfManyFloatingIpsToOneVm_oneWins() throws Exception {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        Allocation target = vm("p1", "vm-1");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.add(fips.allocate(ProjectId.of("p1"), Optional.empty()).address().toString());
        }

        List<Object> outcomes = Races.race(8, i -> fips.associate(Ipv4Address.parse(many.get(i)), fixed(target)));

        assertThat(outcomes.stream().filter(io.xenvlan.core.floating.Associated.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(ConflictException.class::isInstance)).hasSize(7);
        assertThat(fips.list(FloatingFilter.all()).stream().filter(ip -> ip.association().isPresent())).hasSize(1);
    }

    @Test
    void racingReleasesOfFixedAddressesAndAssociations_noAssociationOutlivesItsAddress() throws Exception {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        List<Allocation> vms = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            vms.add(vm("p1", "vm-" + i));
            held.add(withQuota(20).allocate(ProjectId.of("p1"), Optional.empty()).address().toString());
        }

        Races.race(24, i -> i % 2 == 0 ? manager.release(vms.get(i / 2).address().toString())
                : fips.associate(Ipv4Address.parse(held.get(i / 2)), new AssociationTarget.FixedAddress(vms.get(i / 2).address())));

        Set<io.xenvlan.core.value.Ipv4Address> allocated = store.addresses(AddressFilter.inUseEverywhere()).stream()
                .filter(FixedIp::allocated).map(FixedIp::address).collect(Collectors.toSet());
        Map<String, FloatingIp> byAddress = fips.list(FloatingFilter.all()).stream()
                .collect(Collectors.toMap(ip -> ip.address().toString(), ip -> ip));
        assertThat(byAddress).hasSize(12);
        assertThat(byAddress.values()).allSatisfy(ip -> ip.association().ifPresent(a -> assertThat(allocated).contains(a.fixedAddress())));
    }
}
