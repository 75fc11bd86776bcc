package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.netnode.Handoff;
import io.xenvlan.core.netnode.LeaseRenewal;
import io.xenvlan.core.netnode.LeasedNetworks;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.ProjectId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Network nodes' leases: renewal, fair share, takeover after expiry with a new epoch, drain, the node list. */
interface NodeLeaseContract extends StoreFixture {
    Duration LONG = Duration.ofMinutes(5);
    /** A lease that has expired by the time anyone looks (the store's clock moves on by a few ms). */
    Duration GONE = Duration.ofMillis(1);

    private List<Network> owned(int count) {
        networks(count, 16);
        List<Network> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(manager().associate(ProjectId.of("p" + i), Optional.empty()));
        }
        return all;
    }

    private static void pause() {
        try {
            Thread.sleep(30);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    default void claim_takesAFairShare_whenAnotherNodeIsAlive() {
        owned(5);
        store().renewLease("a", LONG, 100);
        store().renewLease("b", LONG, 100);

        LeasedNetworks a = store().claimLeased("a", 100);
        LeasedNetworks b = store().claimLeased("b", 100);

        assertThat(a.networks()).hasSize(3); // 5 networks over 2 live nodes, rounded up
        assertThat(b.networks()).hasSize(2);
        assertThat(a.epochs().values()).containsOnly(1L);
        assertThat(store().renewLease("a", LONG, 100).held()).isEqualTo(a.epochs());
    }

    @Test
    default void claim_neverBeyondMax() {
        owned(4);
        store().renewLease("a", LONG, 3);
        assertThat(store().claimLeased("a", 3).networks()).hasSize(3);
        assertThat(store().renewLease("a", LONG, 3).takeable()).isFalse();
    }

    @Test
    default void networksOfALiveNode_areNotTaken_thoseOfAnExpiredNode_areWithANewEpoch() {
        owned(2);
        store().renewLease("a", LONG, 100);
        LeasedNetworks a = store().claimLeased("a", 100);
        store().renewLease("b", LONG, 100);
        assertThat(store().claimLeased("b", 100).networks()).isEmpty();
        assertThat(store().renewLease("b", LONG, 100).takeable()).isFalse();

        store().renewLease("a", GONE, 100); // a's last renewal, with a lease that ends at once
        pause();
        assertThat(store().renewLease("b", LONG, 100).takeable()).isTrue();
        LeasedNetworks b = store().claimLeased("b", 100);

        assertThat(b.networks()).extracting(Network::id).containsExactlyInAnyOrderElementsOf(a.epochs().keySet());
        assertThat(b.epochs().values()).containsOnly(2L);
        assertThat(b.networks()).extracting(n -> n.host().orElseThrow()).containsOnly("b");
        LeaseRenewal aBack = store().renewLease("a", LONG, 100); // a comes back: it holds nothing, takes nothing back
        assertThat(aBack.held()).isEmpty();
        assertThat(store().claimLeased("a", 100).networks()).isEmpty();
    }

    @Test
    default void endedLease_itsNetworksAreTakeableAtOnce_andItNoLongerCountsForTheShare() {
        owned(4);
        store().renewLease("a", LONG, 100);
        store().claimLeased("a", 100);
        store().renewLease("b", LONG, 100);
        assertThat(store().claimLeased("b", 100).networks()).isEmpty();

        store().endLease("a");

        assertThat(store().renewLease("b", LONG, 100).takeable()).isTrue();
        assertThat(store().claimLeased("b", 100).networks()).hasSize(4);
        assertThat(store().nodes()).filteredOn(n -> n.name().equals("a")).singleElement().satisfies(n -> assertThat(n.alive()).isFalse());
    }

    @Test
    default void drainedNode_takesNothing_andWhatItReleasesGoesToOthers() {
        owned(2);
        store().renewLease("a", LONG, 100);
        LeasedNetworks a = store().claimLeased("a", 100);
        store().renewLease("b", LONG, 100);
        assertThat(store().drainNode("a", true)).isTrue();
        assertThat(store().drainNode("nobody", true)).isFalse();

        assertThat(store().renewLease("a", LONG, 100).draining()).isTrue();
        assertThat(store().claimLeased("b", 100).networks()).as("a draining node's networks wait for it to give them up").isEmpty();
        store().releaseNetworks("a", a.epochs().keySet());
        assertThat(store().renewLease("b", LONG, 100).takeable()).isTrue();
        assertThat(store().claimLeased("b", 100).networks()).hasSize(2);
        assertThat(store().claimLeased("a", 100).networks()).isEmpty();
    }

    @Test
    default void nodes_listHealthLeaseAgeAndNetworks() {
        owned(1);
        store().renewLease("a", LONG, 7);
        long id = store().claimLeased("a", 7).networks().get(0).id();
        store().renewLease("b", GONE, 100);
        pause();

        List<NodeStatus> nodes = store().nodes();

        assertThat(nodes).extracting(NodeStatus::name).containsExactly("a", "b");
        assertThat(nodes.get(0).alive()).isTrue();
        assertThat(nodes.get(0).networks()).containsExactly(id);
        assertThat(nodes.get(0).maxNetworks()).isEqualTo(7);
        assertThat(nodes.get(1).alive()).isFalse();
        assertThat(nodes.get(1).leaseAge()).isPositive();
    }

    @Test
    default void nodesRacingForExpiredNetworks_eachNetworkGoesToOne() throws Exception {
        owned(12);
        store().renewLease("dead", LONG, 100);
        store().claimLeased("dead", 100);
        store().renewLease("dead", GONE, 100);
        pause();
        List<String> racers = List.of("r1", "r2", "r3");
        racers.forEach(r -> store().renewLease(r, LONG, 100));
        ExecutorService pool = Executors.newFixedThreadPool(racers.size());
        try {
            List<Future<LeasedNetworks>> claims = new ArrayList<>();
            for (String r : racers) {
                claims.add(pool.submit((Callable<LeasedNetworks>) () -> store().claimLeased(r, 100)));
            }
            Set<Long> seen = new HashSet<>();
            int total = 0;
            for (Future<LeasedNetworks> f : claims) {
                LeasedNetworks got = f.get();
                assertThat(got.networks()).hasSizeLessThanOrEqualTo(4); // 12 over 3 live nodes
                for (Network n : got.networks()) {
                    assertThat(seen.add(n.id())).as("network %d taken twice", n.id()).isTrue();
                    total++;
                }
            }
            assertThat(store().nodes().stream().filter(n -> n.name().startsWith("r")).mapToInt(n -> n.networks().size()).sum())
                    .isEqualTo(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void overloadedNode_offersWhatIsAboveItsShareAndOne_highestVlansFirst_paced() {
        List<Network> nets = owned(10);
        store().renewLease("a", LONG, 100);
        LeasedNetworks a = store().claimLeased("a", 100); // alone: it took all ten
        assertThat(store().renewLease("a", LONG, 100).overloaded()).as("nobody to give to").isFalse();
        assertThat(store().surplus("a", 100)).isEmpty();

        store().renewLease("b", LONG, 100); // b joins: a's share is 5, it may keep 6

        assertThat(store().renewLease("a", LONG, 100).overloaded()).isTrue();
        assertThat(store().renewLease("b", LONG, 100).overloaded()).isFalse();
        List<Handoff> all = store().surplus("a", 100);
        assertThat(all).extracting(Handoff::networkId).containsExactly(nets.get(9).id(), nets.get(8).id(), nets.get(7).id(), nets.get(6).id());
        assertThat(all).extracting(Handoff::to).containsOnly("b");
        assertThat(all).allSatisfy(h -> assertThat(h.epoch()).isEqualTo(a.epochs().get(h.networkId())));
        assertThat(store().surplus("a", 2)).as("a few per round").hasSize(2);
        assertThat(store().surplus("b", 100)).isEmpty();
        assertThat(store().claimLeased("b", 100).networks()).as("b takes nothing whose lease is alive").isEmpty();
    }

    @Test
    default void surplus_goesToTheLeastLoadedLiveNodes_withinTheirMax_neverToADrainedOne() {
        owned(9);
        store().renewLease("a", LONG, 100);
        store().claimLeased("a", 100);
        store().renewLease("b", LONG, 100);
        store().renewLease("c", LONG, 1);
        store().renewLease("d", LONG, 100);
        store().drainNode("d", true);
        store().renewLease("e", GONE, 100); // expired: not a receiver
        pause();

        List<Handoff> offers = store().surplus("a", 100); // share 3 over a, b, c: a gives 9 - 4 = 5, but c takes one at most

        assertThat(offers).extracting(Handoff::to).containsExactly("b", "c", "b", "b");
        store().drainNode("a", true); // share 5 over b and c now: b has room for 5, c for its max (1)
        assertThat(store().surplus("a", 100)).as("a draining node offers all it has room for elsewhere")
                .extracting(Handoff::to).containsExactly("b", "c", "b", "b", "b", "b");
    }

    @Test
    default void handOff_movesEachInOneStepWithANewEpoch_onlyIfStillAsOffered() {
        owned(6);
        store().renewLease("a", LONG, 100);
        store().claimLeased("a", 100);
        store().renewLease("b", LONG, 100);
        store().renewLease("c", LONG, 100);
        List<Handoff> offers = store().surplus("a", 100); // share 2: a gives 6 - 3 = 3
        assertThat(offers).hasSize(3);
        long before = store().changeSequence();

        List<Long> moved = store().handOff("a", offers.subList(0, 2));

        assertThat(moved).containsExactly(offers.get(0).networkId(), offers.get(1).networkId());
        // on PostgreSQL the sequence a node reads passes a stamp once every older transaction of the server ended
        Eventually.await("stamped: the receivers wake", Duration.ofSeconds(10), () -> store().changeSequence() > before);
        for (Handoff h : offers.subList(0, 2)) {
            assertThat(store().renewLease(h.to(), LONG, 100).held()).containsEntry(h.networkId(), h.epoch() + 1);
            assertThat(store().network(h.networkId()).orElseThrow().host()).contains(h.to());
        }
        assertThat(store().renewLease("a", LONG, 100).held()).hasSize(4).doesNotContainKeys(moved.toArray(Long[]::new));
        assertThat(store().handOff("a", offers.subList(0, 1))).as("no longer a's at that epoch").isEmpty();

        Handoff third = offers.get(2);
        store().renewLease(third.to(), GONE, 100); // the receiver died after the offer
        pause();
        assertThat(store().handOff("a", List.of(third))).isEmpty();
        assertThat(store().network(third.networkId()).orElseThrow().host()).contains("a");
    }

    @Test
    default void nodeAway_keepsItsNetworksForItsGrace_isHandedNothing_untilItRenews() {
        owned(6);
        store().renewLease("b", LONG, 100);
        store().claimLeased("b", 100);
        store().renewLease("a", LONG, 100);
        store().renewLease("c", GONE, 100);
        pause();
        assertThat(store().surplus("b", 100)).extracting(Handoff::to).containsOnly("a");

        store().holdLeaseAway("a", LONG); // a stopped, leaving its networks served
        assertThat(store().nodes()).filteredOn(n -> n.name().equals("a")).singleElement()
                .satisfies(n -> assertThat(n.away()).as("listed as away").isTrue())
                .satisfies(n -> assertThat(n.alive()).as("its lease held").isTrue());

        assertThat(store().renewLease("b", LONG, 100).overloaded()).as("nobody to give to").isFalse();
        assertThat(store().surplus("b", 100)).isEmpty();
        store().renewLease("a", LONG, 100); // a is back
        assertThat(store().nodes()).filteredOn(n -> n.name().equals("a")).singleElement()
                .satisfies(n -> assertThat(n.away()).as("back, no longer away").isFalse());
        assertThat(store().surplus("b", 100)).hasSize(2);

        store().holdLeaseAway("b", LONG);
        assertThat(store().claimLeased("a", 100).networks()).as("an away node's networks stay its own during its grace").isEmpty();
        store().holdLeaseAway("b", GONE); // b did not come back within its grace
        pause();
        assertThat(store().claimLeased("a", 100).networks()).hasSize(6);
    }
}
