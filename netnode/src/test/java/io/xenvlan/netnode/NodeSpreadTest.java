package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Networks re-spread to nodes that join later: node a holds every network; b joins, then c; in the
 * end no node holds more than its fair share plus one. Every move is a hand-over: the giver stops
 * serving before the receiver starts (never two at once), the store's holder of each network goes
 * straight from one node to the next with its epoch raised by one per move (never no holder), and
 * nobody takes a network whose lease is alive. On H2, and on PostgreSQL with a connection pool per
 * node (as separate machines), where the receiver is woken by NOTIFY.
 */
class NodeSpreadTest {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final int NETWORKS = 12;

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
    private final List<NetworkNodeService> services = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ServingLedger ledger = new ServingLedger();
    private final List<String> holdingFaults = new CopyOnWriteArrayList<>();
    private final Map<Long, List<String>> holders = new ConcurrentHashMap<>();
    private final Map<Long, List<Long>> epochs = new ConcurrentHashMap<>();
    private volatile boolean sampling = true;

    @AfterEach
    void close() throws Exception {
        sampling = false;
        services.forEach(NetworkNodeService::stopPolling);
        scheduler.shutdownNow();
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void onH2_laterNodesReceiveByHandover_noneAboveItsShareAndOne() throws Exception {
        TestDatabase db = TestDatabase.h2();
        closing.add(db);
        JdbcStore store = JdbcStore.open(db.config());
        closing.add(store);
        spread("H2", store, name -> store);
    }

    @Test
    @Tag("postgres")
    void onPostgres_laterNodesReceiveByHandover_noneAboveItsShareAndOne() throws Exception {
        TestDatabase db = TestDatabase.postgres();
        closing.add(db);
        JdbcStore store = JdbcStore.open(db.config());
        closing.add(store);
        Map<String, JdbcStore> ofNode = new HashMap<>();
        spread("PostgreSQL", store, name -> ofNode.computeIfAbsent(name, n -> {
            JdbcStore own = JdbcStore.open(db.config());
            closing.add(own);
            return own;
        }));
    }

    private void spread(String storeKind, JdbcStore store, Function<String, JdbcStore> storeOfNode) throws Exception {
        VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        manager.createNetworks(NetworkRequest.of("net", "10.60.0.0/20").withCount(NETWORKS, 16));
        for (int i = 0; i < NETWORKS; i++) {
            manager.associate(ProjectId.of("p" + i), Optional.empty());
        }
        RecordingNetworkNode a = new RecordingNetworkNode();
        start("a", storeOfNode.apply("a"), a);
        assertThat(a.served()).hasSize(NETWORKS);
        Thread sampler = new Thread(() -> sample(store), "holders-sampler");
        sampler.setDaemon(true);
        sampler.start();

        RecordingNetworkNode b = new RecordingNetworkNode();
        start("b", storeOfNode.apply("b"), b);
        Eventually.await("a hands b networks until it holds at most its share (6) and one", Duration.ofSeconds(20),
                () -> a.served().size() == 7 && b.served().size() == 5);
        RecordingNetworkNode c = new RecordingNetworkNode();
        start("c", storeOfNode.apply("c"), c);
        Eventually.await("a hands c networks until it holds at most its share (4) and one", Duration.ofSeconds(20),
                () -> a.served().size() == 5 && c.served().size() == 2);
        Thread.sleep(LEASE.toMillis() * 2); // a few more renewals: the spread is stable
        sampling = false;
        sampler.join(5_000);

        assertThat(List.of(a.served().size(), b.served().size(), c.served().size())).containsExactly(5, 5, 2);
        for (NodeStatus n : store.nodes()) {
            assertThat(n.networks()).as("node %s holds at most its fair share (4) and one", n.name()).hasSizeLessThanOrEqualTo(5);
        }
        assertThat(ledger.overlaps).as("never two nodes serving one network").isEmpty();
        assertThat(holdingFaults).as("never a network without a holder, never an epoch skipped").isEmpty();
        assertThat(ledger.gapsMillis).as("every move a hand-over: a's teardown, then the receiver's start").hasSize(7);
        assertThat(b.tornDown).as("b gave nothing back").isEmpty();
        int moved = 0;
        for (Map.Entry<Long, List<String>> h : holders.entrySet()) {
            List<String> seq = h.getValue();
            List<Long> e = epochs.get(h.getKey());
            assertThat(seq.get(0)).isEqualTo("a");
            assertThat(seq).as("network %d moved at most once, from a", h.getKey()).hasSizeLessThanOrEqualTo(2);
            assertThat(e.get(e.size() - 1) - e.get(0)).as("one epoch per move of network %d", h.getKey()).isEqualTo(seq.size() - 1);
            moved += seq.size() - 1;
        }
        assertThat(moved).isEqualTo(7);
        List<Long> gaps = new ArrayList<>(ledger.gapsMillis);
        gaps.sort(null);
        System.out.printf("%s: spread of %d networks over 3 nodes (lease %d ms): %d hand-overs, unserved between nodes median %d ms,"
                + " worst %d ms%n", storeKind, NETWORKS, LEASE.toMillis(), gaps.size(), gaps.get(gaps.size() / 2), gaps.get(gaps.size() - 1));
    }

    private void start(String name, JdbcStore store, RecordingNetworkNode recording) {
        NetworkNodeService service = new NetworkNodeService(store, ledger.node(name, recording), name, Duration.ofMillis(50),
                Duration.ofMillis(100), Clock.systemUTC(), scheduler, p -> { }, NodeCapacity.unlimited(), LEASE);
        services.add(service);
        service.start();
    }

    /** Every few ms: each network's holder and epoch; a holder missing, or an epoch that moved without (or beyond) a move, is a fault. */
    private void sample(JdbcStore store) {
        while (sampling) {
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, host, lease_epoch FROM networks WHERE project_id IS NOT NULL")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String host = rs.getString(2);
                    long epoch = rs.getLong(3);
                    if (host == null) {
                        holdingFaults.add("network " + id + " had no holder");
                        continue;
                    }
                    List<String> hs = holders.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
                    List<Long> es = epochs.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
                    if (hs.isEmpty() || !hs.get(hs.size() - 1).equals(host)) {
                        if (!es.isEmpty() && epoch != es.get(es.size() - 1) + 1) {
                            holdingFaults.add("network " + id + " went to " + host + " at epoch " + epoch + " after " + es);
                        }
                        hs.add(host);
                        es.add(epoch);
                    } else if (epoch != es.get(es.size() - 1)) {
                        holdingFaults.add("network " + id + " changed epoch without changing node: " + es + " then " + epoch);
                    }
                }
                Thread.sleep(5);
            } catch (SQLException e) {
                holdingFaults.add("sampling failed: " + e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
