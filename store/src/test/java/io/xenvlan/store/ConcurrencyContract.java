package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real threads racing on one store: no address or MAC twice, one network per project, clean exhaustion. */
interface ConcurrencyContract extends StoreFixture {
    int THREADS = Races.THREADS;

    /** Runs {@code count} calls on {@link #THREADS} threads released together; returns their outcomes. */
    default <T> List<Object> race(int count, java.util.function.IntFunction<T> call) throws Exception {
        return Races.race(count, call);
    }

    @Test
    default void racingAllocations_noAddressOrMacTwice_oneNetworkPerProject() throws Exception {
        networks(6, 256);
        var manager = newManager();
        List<Object> outcomes = race(240, i -> manager.allocate(ProjectId.of("project-" + (i % 5)), InstanceId.of("vm-" + i), Optional.empty()));
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Allocation.class));
        List<Allocation> allocations = outcomes.stream().map(Allocation.class::cast).toList();
        assertThat(allocations.stream().collect(Collectors.groupingBy(Allocation::address)).values().stream().filter(l -> l.size() > 1))
                .isEmpty();
        assertThat(allocations.stream().map(Allocation::address).distinct()).hasSize(240);
        assertThat(allocations.stream().map(Allocation::mac).distinct()).hasSize(240);
        assertThat(allocations.stream().collect(Collectors.groupingBy(a -> a.network().project().orElseThrow(),
                Collectors.mapping(a -> a.network().id(), Collectors.toSet()))).values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        List<FixedIp> inUse = store().addresses(AddressFilter.inUseEverywhere());
        assertThat(inUse).hasSize(240);
        assertThat(store().networks().stream().filter(n -> n.project().isPresent())).hasSize(5);
    }

    @Test
    default void racingFirstAllocationsOfOneProject_endWithOneNetwork() throws Exception {
        networks(8, 64);
        List<Object> outcomes = race(32, i -> newManager().allocate(ProjectId.of("solo"), InstanceId.of("vm-" + i), Optional.empty()));
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Allocation.class));
        assertThat(store().networks().stream().filter(n -> n.project().isPresent()).map(Network::id)).hasSize(1);
    }

    @Test
    default void racingAllocationsInATinyNetwork_exactlyTheFreeOnesSucceed() throws Exception {
        networks(1, 16);
        List<Object> outcomes = race(40, i -> newManager().allocate(ProjectId.of("p"), InstanceId.of("vm-" + i), Optional.empty()));
        List<Allocation> won = outcomes.stream().filter(Allocation.class::isInstance).map(Allocation.class::cast).toList();
        assertThat(won).hasSize(12);
        assertThat(won.stream().map(Allocation::address).distinct()).hasSize(12);
        assertThat(outcomes.stream().filter(o -> !(o instanceof Allocation)))
                .allSatisfy(o -> assertThat(o).isInstanceOf(ExhaustedException.class).hasFieldOrPropertyWithValue("message",
                        "address: no free address in network 'net' (10.0.0.0/28)"));
    }

    @Test
    default void racingAllocateAndRelease_neverTwoHoldersOfOneAddress() throws Exception {
        networks(1, 32);
        var manager = newManager();
        List<Allocation> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            first.add(manager.allocate(ProjectId.of("p"), InstanceId.of("old-" + i), Optional.empty()));
        }
        race(40, i -> i % 2 == 0
                ? manager.release(first.get(i / 2).address().toString())
                : manager.allocate(ProjectId.of("p"), InstanceId.of("new-" + i), Optional.empty()));
        List<FixedIp> inUse = store().addresses(AddressFilter.inUseEverywhere());
        assertThat(inUse.stream().map(FixedIp::address).distinct()).hasSize(inUse.size());
        assertThat(inUse.stream().map(ip -> ip.mac().orElseThrow()).distinct()).hasSize(inUse.size());
        assertThat(inUse).allSatisfy(ip -> assertThat(ip.instance().orElseThrow().value()).startsWith("new-"));
        assertThat(store().hostEntries(store().networks().get(0).id())).hasSize(inUse.size());
    }

    @Test
    default void racingAllocateAndDisassociate_noAddressInANetworkTheProjectLost() throws Exception {
        networks(3, 64);
        var manager = newManager();
        race(60, i -> {
            try {
                return i % 6 == 0 ? manager.disassociate(ProjectId.of("p")) : manager.allocate(ProjectId.of("p"), InstanceId.of("vm-" + i), Optional.empty());
            } catch (io.xenvlan.core.error.XenvlanException e) {
                return e; // disassociate refused while allocated, or nothing to disassociate
            }
        });
        java.util.Map<Long, Network> byId = store().networks().stream().collect(Collectors.toMap(Network::id, n -> n));
        assertThat(store().networks().stream().filter(n -> n.project().isPresent())).hasSizeLessThanOrEqualTo(1);
        assertThat(store().addresses(AddressFilter.inUseEverywhere())).allSatisfy(ip ->
                assertThat(byId.get(ip.networkId()).project()).as("owner of %s", ip.address())
                        .hasValueSatisfying(owner -> assertThat(owner.value()).isEqualTo("p")));
    }
}
