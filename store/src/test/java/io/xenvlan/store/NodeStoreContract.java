package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.ChangeMarks;
import io.xenvlan.core.netnode.HostChanges;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The network node's view: claimed networks, host entries, leases, the change sequence, publication marks. */
interface NodeStoreContract extends StoreFixture {

    @Test
    default void claimNetworks_onlyNetworksWithAProject_claimedOnce() {
        networks(3, 256);
        manager().associate(ProjectId.of("a"), Optional.empty());
        manager().associate(ProjectId.of("b"), Optional.empty());
        assertThat(store().claimNetworks("node-1")).extracting(n -> n.vlan().value()).containsExactly(100, 101);
        assertThat(store().claimNetworks("node-2")).isEmpty();
        manager().associate(ProjectId.of("c"), Optional.empty());
        assertThat(store().claimNetworks("node-2")).extracting(n -> n.vlan().value()).containsExactly(102);
        assertThat(store().claimNetworks("node-1")).extracting(n -> n.host().orElseThrow()).containsOnly("node-1");
    }

    @Test
    default void hostEntries_everyAllocatedAddressWithItsMac() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("Web.Server_1"), Optional.empty());
        Allocation b = manager().allocate(ProjectId.of("p"), InstanceId.of("db"), Optional.empty());
        manager().allocate(ProjectId.of("p"), InstanceId.of("gone"), Optional.empty());
        manager().releaseInstance(InstanceId.of("gone"));
        assertThat(store().hostEntries(a.network().id())).containsExactly(
                new HostEntry(a.mac(), new Hostname("web-server-1"), a.address()),
                new HostEntry(b.mac(), new Hostname("db"), b.address()));
    }

    @Test
    default void activeLeases_leasedAndStillAllocated() {
        networks(1, 256);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        Allocation b = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty());
        Instant expires = clock().instant().plusSeconds(3600);
        store().recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, a.mac(), a.address(), Optional.of("vm-1"), Optional.of(expires), clock().instant()));
        store().recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, b.mac(), b.address(), Optional.empty(), Optional.empty(), clock().instant()));
        manager().release(b.address().toString());
        assertThat(store().activeLeases(a.network().id())).singleElement().satisfies(l -> {
            assertThat(l.address()).isEqualTo(a.address());
            assertThat(l.mac()).isEqualTo(a.mac());
            assertThat(l.expires()).isEqualTo(expires);
        });
    }

    @Test
    default void changeSequence_growsOnEveryChangeANodeServes() {
        long s0 = store().changeSequence();
        networks(2, 256);
        long s1 = changeAbove(s0);
        Network n = manager().associate(ProjectId.of("p"), Optional.empty());
        long s2 = changeAbove(s1);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.empty());
        long s3 = changeAbove(s2);
        manager().release(a.address().toString());
        long s4 = changeAbove(s3);
        manager().disassociate(ProjectId.of("p"));
        long s5 = changeAbove(s4);
        manager().deleteNetwork(Long.toString(n.id()));
        long s6 = changeAbove(s5);
        store().recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, a.mac(), a.address(), Optional.empty(), Optional.empty(), clock().instant()));
        assertThat(store().changeSequence()).isEqualTo(s6);
    }

    /**
     * The sequence once it passed {@code previous}. On PostgreSQL it trails until every transaction
     * of the cluster that began before the change ended (other tests may share the server), so
     * this waits for it, up to 10 s.
     */
    default long changeAbove(long previous) {
        Eventually.await("the change sequence to pass " + previous, Duration.ofSeconds(10),
                () -> store().changeSequence() > previous);
        return store().changeSequence();
    }

    @Test
    default void changes_onlyTheRowsStampedSince_withTheCountOfEntries() {
        Network n = networks(1, 256).get(0);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-a"), Optional.empty());
        Allocation b = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-b"), Optional.empty());
        long s1 = marksAbove(0).sequence();
        Allocation c = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-c"), Optional.empty());
        manager().release(a.address().toString());
        ChangeMarks m2 = marksAbove(s1);

        HostChanges changes = store().changes(Map.of(n.id(), s1)).hosts().get(n.id());

        assertThat(changes.allocated()).containsExactly(new HostEntry(c.mac(), new Hostname("vm-c"), c.address()));
        assertThat(changes.released()).containsExactly(a.address());
        assertThat(changes.count()).isEqualTo(2); // b and c
        assertThat(store().changes(Map.of(n.id(), m2.sequence())).hosts()).doesNotContainKey(n.id()); // up to date
        assertThat(b.network().id()).isEqualTo(n.id());
    }

    @Test
    default void changes_networksMark_movesOnNetworkChangesOnly() {
        networks(2, 256);
        ChangeMarks m1 = marksAbove(0);
        manager().associate(ProjectId.of("p"), Optional.empty());
        ChangeMarks m2 = marksAbove(m1.sequence());
        assertThat(m2.networks()).isGreaterThan(m1.networks());
        manager().allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.empty());
        ChangeMarks m3 = marksAbove(m2.sequence());
        assertThat(m3.networks()).isEqualTo(m2.networks());
        assertThat(store().changeSequence()).isEqualTo(m3.sequence());
    }

    /** The marks once the sequence passed {@code previous} (see {@link #changeAbove}). */
    default ChangeMarks marksAbove(long previous) {
        changeAbove(previous);
        return store().changes(Map.of()).marks();
    }

    @Test
    default void recordLeaseEvents_appliesABatchInOrder() {
        Network n = networks(1, 256).get(0);
        Allocation a = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-1"), Optional.empty());
        Allocation b = manager().allocate(ProjectId.of("p"), InstanceId.of("vm-2"), Optional.empty());
        Instant now = clock().instant();
        store().recordLeaseEvents(List.of(
                new LeaseEvent(LeaseAction.ADD, a.mac(), a.address(), Optional.empty(), Optional.empty(), now),
                new LeaseEvent(LeaseAction.ADD, b.mac(), b.address(), Optional.empty(), Optional.empty(), now),
                new LeaseEvent(LeaseAction.DEL, b.mac(), b.address(), Optional.empty(), Optional.empty(), now)));
        assertThat(store().activeLeases(n.id())).extracting(l -> l.address()).containsExactly(a.address());
    }

    @Test
    default void markPublished_remembersTheHighestSequence() {
        Network n = networks(1, 256).get(0);
        assertThat(store().publishedSequence(n.id())).isZero();
        store().markPublished(n.id(), 42);
        store().markPublished(n.id(), 17);
        assertThat(store().publishedSequence(n.id())).isEqualTo(42);
        assertThat(store().publishedSequence(n.id() + 1000)).isZero();
    }

    @Test
    default void claimNetworks_upToAMost_leavesTheRestUnclaimedForAnotherNode() {
        networks(4, 256);
        for (String p : List.of("a", "b", "c", "d")) {
            manager().associate(ProjectId.of(p), Optional.empty());
        }
        assertThat(store().claimNetworks("node-1", 2)).extracting(n -> n.vlan().value()).containsExactly(100, 101);
        assertThat(store().claimNetworks("node-1", 2)).hasSize(2);
        assertThat(store().unclaimedNetworks()).hasSize(2);
        assertThat(store().claimNetworks("node-2", 5)).extracting(n -> n.vlan().value()).containsExactly(102, 103);
        assertThat(store().unclaimedNetworks()).isEmpty();
    }

    @Test
    default void bulkReads_giveWhatTheReadsOfEachNetworkGive() {
        List<Network> nets = networks(3, 256);
        for (String p : List.of("a", "b", "c")) {
            manager().associate(ProjectId.of(p), Optional.empty());
            manager().allocate(ProjectId.of(p), InstanceId.of(p + "-vm-1"), Optional.empty());
            manager().allocate(ProjectId.of(p), InstanceId.of(p + "-vm-2"), Optional.empty());
        }
        Allocation leased = manager().allocate(ProjectId.of("b"), InstanceId.of("b-vm-3"), Optional.empty());
        store().recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, leased.mac(), leased.address(), Optional.empty(), Optional.empty(),
                clock().instant()));
        List<Long> ids = nets.stream().map(Network::id).toList();

        Map<Long, List<HostEntry>> entries = store().hostEntries(ids);
        Map<Long, List<io.xenvlan.core.netnode.ActiveLease>> leases = store().activeLeases(ids);

        for (long id : ids) {
            assertThat(entries.get(id)).isEqualTo(store().hostEntries(id));
            assertThat(leases.get(id)).isEqualTo(store().activeLeases(id));
        }
        assertThat(entries.values()).allSatisfy(e -> assertThat(e).isNotEmpty());
        assertThat(leases.get(leased.network().id())).hasSize(1);
    }

    @Test
    default void publications_confirmedTogether_andARefusalToldUntilCleared() {
        List<Network> nets = networks(2, 256);
        store().markPublished(Map.of(nets.get(0).id(), 7L, nets.get(1).id(), 9L));
        store().markRefused(Map.of(nets.get(1).id(), "network node n1 is full"));

        assertThat(store().publishedSequence(nets.get(0).id())).isEqualTo(7);
        assertThat(store().publicationState(nets.get(1).id()))
                .isEqualTo(new io.xenvlan.core.netnode.PublicationState(9, Optional.of("network node n1 is full")));
        store().clearRefused(List.of(nets.get(1).id()));
        assertThat(store().publicationState(nets.get(1).id()).refusal()).isEmpty();
    }

    @Test
    default void onChange_toldSoonAfterAChangeANodeServes() throws Exception {
        networks(1, 256);
        manager().associate(ProjectId.of("p"), Optional.empty());
        java.util.concurrent.Semaphore told = new java.util.concurrent.Semaphore(0);
        try (AutoCloseable listening = store().onChange(told::release)) {
            told.tryAcquire(2, java.util.concurrent.TimeUnit.SECONDS); // PostgreSQL's listener tells once when it starts
            told.drainPermits();

            manager().allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.empty());

            assertThat(told.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
