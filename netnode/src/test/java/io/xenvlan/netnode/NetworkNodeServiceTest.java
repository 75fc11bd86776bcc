package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coalescing loop on the real store (H2 in memory), a fake clock and a recording node. */
class NetworkNodeServiceTest {
    private static final Duration WINDOW = Duration.ofMillis(150);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestDatabase database = TestDatabase.h2();
    private final JdbcStore store = database.open();
    private final VlanManager manager = new VlanManager(store, clock, VlanManagerConfig.defaults());
    private final RecordingNetworkNode node = new RecordingNetworkNode();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Publication> publications = new ArrayList<>();
    private final NetworkNodeService service = new NetworkNodeService(store, node, "node-a", WINDOW, Duration.ofMillis(20),
            clock, scheduler, publications::add);

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        store.close();
        database.close();
    }

    private Network network(int vlan, String project) {
        return manager.createNetworks(NetworkRequest.of("net-" + vlan, "10.40." + (vlan - 100) + ".0/24").withVlan(vlan))
                .stream().findFirst().map(n -> manager.associate(ProjectId.of(project), Optional.of(n.label().value()))).orElseThrow();
    }

    private void allocate(String project, int count) {
        for (int i = 0; i < count; i++) {
            manager.allocate(ProjectId.of(project), InstanceId.of(project + "-vm-" + i + "-" + UUID.randomUUID().toString().substring(0, 6)), Optional.empty());
        }
    }

    /** Polls as the scheduler would, every 20 ms of fake time, for {@code duration}. */
    private void pollFor(Duration duration) {
        for (long t = 0; t < duration.toMillis(); t += 20) {
            clock.advance(Duration.ofMillis(20));
            service.tick();
        }
    }

    @Test
    void start_servesEveryNetworkWithAProject_andConfirms() {
        Network owned = network(101, "alpha");
        manager.createNetworks(NetworkRequest.of("spare", "10.41.0.0/24").withVlan(150));

        service.publish();

        assertThat(node.served()).containsExactly(owned.id());
        assertThat(store.publishedSequence(owned.id())).isEqualTo(store.changeSequence());
    }

    @Test
    void loneChange_isPublishedAtTheNextPoll() {
        Network net = network(102, "beta");
        service.publish();
        clock.advance(Duration.ofSeconds(5));

        allocate("beta", 1);
        service.tick();

        assertThat(node.served.get(net.id())).hasSize(1);
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
    }

    @Test
    void change_wakesTheNode_withoutAPoll() {
        Network net = network(109, "iota");
        NetworkNodeService sleepy = new NetworkNodeService(store, node, "node-a", WINDOW, Duration.ofHours(1), clock, scheduler,
                publications::add);
        sleepy.start();
        clock.advance(Duration.ofSeconds(5));

        allocate("iota", 1);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (store.publishedSequence(net.id()) < store.changeSequence() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
        assertThat(node.served.get(net.id())).hasSize(1);
        sleepy.stopPolling();
    }

    @Test
    void beyondItsMost_aNetworkIsRefusedOnce_andNotRetried() {
        Network kept = network(110, "kappa");
        Network beyond = network(111, "lambda");
        NetworkNodeService small = new NetworkNodeService(store, node, "node-a", WINDOW, Duration.ofMillis(20), clock, scheduler,
                publications::add, new NodeCapacity(1, "netnode.max-networks = 1"));

        small.publish();
        clock.advance(Duration.ofSeconds(30));
        allocate("kappa", 1);
        small.tick();

        assertThat(node.served()).containsExactly(kept.id());
        assertThat(node.reloads).doesNotContain(beyond.id());
        assertThat(publications).allSatisfy(p -> assertThat(p.failed()).isZero());
        assertThat(small.refused()).containsOnlyKeys(beyond.id());
        assertThat(store.publicationState(beyond.id()).refusal()).contains("network " + beyond.id()
                + " is not served: network node node-a is full, it serves at most 1 networks (netnode.max-networks = 1)");
    }

    @Test
    void storm_givesOneReloadPerWindow() {
        Network net = network(103, "gamma");
        service.publish();
        node.reloads.clear();
        clock.advance(Duration.ofSeconds(5));

        allocate("gamma", 40);
        service.tick();
        int afterFirst = node.reloads.size();
        allocate("gamma", 40);
        pollFor(WINDOW.minusMillis(20));
        int beforeWindowEnds = node.reloads.size();
        pollFor(Duration.ofMillis(40));

        assertThat(afterFirst).isEqualTo(1);
        assertThat(beforeWindowEnds).isEqualTo(1);
        assertThat(node.reloads).hasSize(2);
        assertThat(node.served.get(net.id())).hasSize(80);
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
    }

    @Test
    void manySmallChanges_neverMoreThanOneReloadPerWindow() {
        Network net = network(104, "delta");
        service.publish();
        node.reloads.clear();

        for (int i = 0; i < 50; i++) {
            allocate("delta", 1);
            pollFor(Duration.ofMillis(20));
        }
        pollFor(WINDOW.plusMillis(20));

        long windows = Duration.ofMillis(50 * 20 + 170).toMillis() / WINDOW.toMillis() + 1;
        assertThat(node.reloads.size()).isLessThanOrEqualTo((int) windows).isGreaterThan(1);
        assertThat(node.served.get(net.id())).hasSize(50);
        assertThat(publications).allSatisfy(p -> assertThat(p.reloaded()).isLessThanOrEqualTo(1));
    }

    @Test
    void disassociatedNetwork_isTornDown() {
        Network net = network(105, "epsilon");
        service.publish();

        manager.disassociate(ProjectId.of("epsilon"));
        clock.advance(WINDOW);
        service.tick();

        assertThat(node.tornDown).containsExactly(net.id());
        assertThat(node.served()).isEmpty();
    }

    @Test
    void failure_isRetriedWithBackoff_andNotConfirmedMeanwhile() {
        Network net = network(106, "zeta");
        node.failuresToInject = 2;

        Publication first = service.publish();
        pollFor(Duration.ofMillis(980));

        assertThat(first.failed()).isEqualTo(1);
        assertThat(publications).hasSize(1);
        assertThat(store.publishedSequence(net.id())).isZero();
        pollFor(Duration.ofMillis(40));
        assertThat(publications).hasSize(2).last().satisfies(p -> assertThat(p.failed()).isEqualTo(1));
        pollFor(Duration.ofMillis(1960));
        assertThat(publications).hasSize(2);
        pollFor(Duration.ofMillis(40));
        assertThat(node.served()).containsExactly(net.id());
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
    }

    @Test
    void changes_arePublishedWhileAnotherNetworkFails() {
        Network failing = network(107, "eta");
        node.failuresToInject = 1;
        service.publish();
        Network other = network(108, "theta");

        clock.advance(WINDOW);
        service.tick();

        assertThat(node.served()).containsExactlyInAnyOrder(failing.id(), other.id());
    }

    @Test
    void release_leavesTheServedEntries_andAnotherNetworksChangeReloadsNothingHere() {
        Network net = network(109, "iota");
        Network other = network(110, "kappa");
        allocate("iota", 3);
        service.publish();
        String released = node.served.get(net.id()).get(1).address().toString();
        node.reloads.clear();

        manager.release(released);
        clock.advance(WINDOW);
        service.tick();
        allocate("kappa", 1);
        clock.advance(WINDOW);
        service.tick();

        assertThat(node.served.get(net.id())).hasSize(2).noneMatch(h -> h.address().toString().equals(released));
        assertThat(node.reloads).containsExactly(net.id(), other.id());
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
    }

    @Test
    void addedEntry_appearsAmongTheOthers_inAddressOrder() {
        Network net = network(111, "lambda");
        allocate("lambda", 2);
        service.publish();

        allocate("lambda", 1);
        clock.advance(WINDOW);
        service.tick();

        assertThat(node.served.get(net.id())).hasSize(3).isSortedAccordingTo((a, b) -> a.address().compareTo(b.address()))
                .isEqualTo(store.hostEntries(net.id()));
    }

    @Test
    void entryGoneWithoutAStamp_isNoticedByTheCount() throws SQLException {
        Network net = network(112, "mu");
        allocate("mu", 3);
        service.publish();
        HostEntry gone = node.served.get(net.id()).get(0);
        try (Connection c = store.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM fixed_ips WHERE address = ?")) { // as a schema whose released rows are deleted would
            s.setLong(1, gone.address().unsigned());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        allocate("mu", 1); // the sequence moves; the deletion itself left no stamp
        clock.advance(WINDOW);
        service.tick();

        assertThat(node.served.get(net.id())).hasSize(3).doesNotContain(gone).isEqualTo(store.hostEntries(net.id()));
    }

    @Test
    void nothingChanged_noPublication() {
        network(113, "nu");
        allocate("nu", 1);
        service.publish();
        publications.clear();

        pollFor(WINDOW.multipliedBy(3));

        assertThat(publications).isEmpty();
    }

    @Test
    void changedSettings_reachTheServedNetwork_withItsEntries() throws SQLException {
        Network net = network(114, "xi");
        allocate("xi", 2);
        service.publish();
        node.reloads.clear();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE networks SET mtu = 9000, change_seq = NEXT VALUE FOR change_seq WHERE id = ?")) {
            s.setLong(1, net.id()); // as a settings change would, stamped like every change of a network
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        clock.advance(WINDOW);
        service.tick();

        assertThat(node.networks.get(net.id()).mtu()).isEqualTo(9000);
        assertThat(node.served.get(net.id())).hasSize(2);
        assertThat(node.reloads).containsExactly(net.id());
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
    }
}
