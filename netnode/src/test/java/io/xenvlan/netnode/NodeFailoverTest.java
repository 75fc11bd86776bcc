package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import io.xenvlan.netnode.firewall.LegDeadMan;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.store.NetworkHandover;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two network nodes on one store (H2 in memory), each with a short lease, real time and a
 * recording node: a node that stops renewing loses its networks to the other after expiry; a node
 * that cannot renew stops serving before its lease can expire; a handover or a drain moves networks
 * without both nodes serving one; the node that comes back takes nothing back by force, and is
 * handed what the other holds above its fair share plus one.
 */
class NodeFailoverTest {
    private static final Duration LEASE = Duration.ofMillis(800);

    private final TestDatabase database = TestDatabase.h2();
    private final JdbcStore store = database.open();
    private final VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<NetworkNodeService> services = new ArrayList<>();
    private final AtomicBoolean storeLostForA = new AtomicBoolean();

    @AfterEach
    void close() {
        services.forEach(NetworkNodeService::stopPolling);
        scheduler.shutdownNow();
        store.close();
        database.close();
    }

    private List<Network> owned(int count) {
        List<Network> nets = manager.createNetworks(NetworkRequest.of("net", "10.50.0.0/20").withCount(count, 16));
        List<Network> owned = new ArrayList<>();
        for (int i = 0; i < nets.size(); i++) {
            owned.add(manager.associate(ProjectId.of("p" + i), Optional.empty()));
        }
        return owned;
    }

    /** A service named {@code name} driving {@code node} on {@code storeSeen}, polling fast; not started, stopped after the test. */
    private NetworkNodeService service(String name, NetworkNodeStore storeSeen, RecordingNetworkNode node, Duration lease) {
        NetworkNodeService service = new NetworkNodeService(storeSeen, node, name, Duration.ofMillis(50), Duration.ofMillis(100),
                Clock.systemUTC(), scheduler, p -> { }, NodeCapacity.unlimited(), lease);
        services.add(service);
        return service;
    }

    private NetworkNodeService start(String name, NetworkNodeStore storeSeen, RecordingNetworkNode node) {
        NetworkNodeService service = service(name, storeSeen, node, LEASE);
        service.start();
        return service;
    }

    /** A recording node that a started service named {@code name} drives on the store, with the short lease. */
    private RecordingNetworkNode running(String name) {
        RecordingNetworkNode node = new RecordingNetworkNode();
        start(name, store, node);
        return node;
    }

    /** The store as node a sees it: renewals fail once {@link #storeLostForA} is set (a lost store, a partition). */
    private NetworkNodeStore storeOfA() {
        return (NetworkNodeStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {NetworkNodeStore.class},
                (proxy, method, args) -> {
                    if (storeLostForA.get()) {
                        throw new IllegalStateException("store unreachable");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void nodeThatStopsRenewing_losesItsNetworksAfterExpiry_andTakesNoneBackWhenItReturns() {
        List<Network> nets = owned(3);
        Allocation vm = manager.allocate(ProjectId.of("p0"), InstanceId.of("vm-0"), Optional.empty());
        store.recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, vm.mac(), vm.address(), Optional.of("vm-0"), Optional.empty(),
                java.time.Instant.now()));
        RecordingNetworkNode a = new RecordingNetworkNode();
        NetworkNodeService serviceA = start("a", store, a);
        assertThat(a.served()).hasSize(3);
        RecordingNetworkNode b = running("b");
        assertThat(b.served()).as("a live node's networks stay its own").isEmpty();

        serviceA.stopPolling(); // a dies as with kill -9: no renewal, nothing torn down
        long t0 = System.nanoTime();
        Eventually.await("b serves every network", Duration.ofSeconds(10), () -> b.served().size() == 3);
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(seconds).as("taken over only after a's lease expired").isGreaterThanOrEqualTo(LEASE.toMillis() / 1000.0 * 0.5);
        assertThat(b.leasesGiven.get(nets.get(0).id())).as("dnsmasq's lease file seeded from the store")
                .extracting(l -> l.address()).containsExactly(vm.address());
        assertThat(store.publishedSequence(nets.get(0).id())).isEqualTo(store.changeSequence());

        RecordingNetworkNode aAgain = running("a");
        assertThat(aAgain.served()).as("the node that comes back takes nothing back by force").isEmpty();
        assertThat(b.served()).hasSize(3);
    }

    @Test
    void nodeThatCannotRenew_stopsServingBeforeItsLeaseExpires_andServesAgainWhenItCan() {
        owned(2);
        RecordingNetworkNode a = new RecordingNetworkNode();
        start("a", storeOfA(), a);
        assertThat(a.served()).hasSize(2);

        storeLostForA.set(true);
        long t0 = System.nanoTime();
        Eventually.await("a stops serving", Duration.ofSeconds(5), () -> a.served().isEmpty());
        long stoppedAfterMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(stoppedAfterMs).as("stopped before the lease could expire").isLessThan(LEASE.toMillis());
        storeLostForA.set(false);
        Eventually.await("a serves again once it renews (nobody took its networks)", Duration.ofSeconds(5), () -> a.served().size() == 2);
    }

    @Test
    void startLongerThanTheLease_renewalsGoOn_theNodeIsNotFenced() {
        List<Network> nets = owned(3);
        RecordingNetworkNode a = new RecordingNetworkNode();
        a.serveMillis = LEASE.toMillis(); // a cold start of three lease lengths, the publication lock held throughout

        start("a", store, a);

        assertThat(a.served()).hasSize(3);
        assertThat(a.tornDown).as("not fenced during its own start").isEmpty();
        assertThat(store.nodes()).singleElement().satisfies(n -> assertThat(n.alive()).isTrue());
        assertThat(store.network(nets.get(0).id()).orElseThrow().host()).contains("a");
    }

    @Test
    void nodeStoppedCleanly_endsItsLease_theOtherTakesItsNetworksWithoutWaitingForExpiry() {
        owned(2);
        RecordingNetworkNode a = new RecordingNetworkNode();
        NetworkNodeService serviceA = service("a", store, a, Duration.ofSeconds(30));
        serviceA.start();
        RecordingNetworkNode b = running("b");
        assertThat(b.served()).isEmpty();

        serviceA.close();

        Eventually.await("b serves both long before a's 30 s lease would end", Duration.ofSeconds(5), () -> b.served().size() == 2);
    }

    @Test
    void handover_theOldNodeStopsServingIt_theNewOneServesIt() {
        Network net = owned(1).get(0);
        RecordingNetworkNode a = running("a");
        RecordingNetworkNode b = running("b");

        new NetworkHandover(store).handOver(net.id(), "b");

        Eventually.await("b serves the network", Duration.ofSeconds(5), () -> b.served().contains(net.id()));
        Eventually.await("a stopped serving it", Duration.ofSeconds(5), () -> !a.served().contains(net.id()));
    }

    @Test
    void drain_handsEveryNetworkToTheOtherNode_andUndrainLetsItTakeAgain() {
        owned(4);
        RecordingNetworkNode a = running("a");
        RecordingNetworkNode b = running("b");
        assertThat(a.served()).hasSize(4);
        Map<Long, Long> before = store.renewLease("a", LEASE, NodeCapacity.unlimited().max()).held();

        assertThat(store.drainNode("a", true)).isTrue();

        Eventually.await("b serves all four", Duration.ofSeconds(5), () -> b.served().size() == 4);
        assertThat(a.served()).isEmpty();
        assertThat(a.tornDown).hasSize(4);
        Map<Long, Long> after = store.renewLease("b", LEASE, NodeCapacity.unlimited().max()).held();
        before.forEach((id, epoch) -> assertThat(after).as("handed over in one step, never without a holder")
                .containsEntry(id, epoch + 1));
        store.drainNode("a", false);
        manager.createNetworks(NetworkRequest.of("more", "10.51.0.0/24").withCount(1, 16));
        Network fifth = manager.associate(ProjectId.of("p-new"), Optional.empty());
        Eventually.await("a takes the new network (its fair share)", Duration.ofSeconds(5), () -> a.served().contains(fifth.id()));
    }

    @Test
    void nodeThatComesBack_receivesItsShareOnlyByHandover_nothingTakenByForce() {
        owned(6);
        RecordingNetworkNode a = new RecordingNetworkNode();
        NetworkNodeService serviceA = start("a", store, a);
        RecordingNetworkNode b = running("b");
        serviceA.stopPolling(); // a dies as with kill -9
        Eventually.await("b serves all six", Duration.ofSeconds(10), () -> b.served().size() == 6);
        assertThat(b.tornDown).isEmpty();

        RecordingNetworkNode aAgain = running("a");

        Eventually.await("b hands a what it holds above its share (3) and one", Duration.ofSeconds(10),
                () -> aAgain.served().size() == 2 && b.served().size() == 4);
        assertThat(b.tornDown).as("b stopped serving each before a got it").containsExactlyInAnyOrderElementsOf(aAgain.served());
        assertThat(aAgain.served()).doesNotContainAnyElementsOf(b.served());
    }

    @Test
    void nodeLeftServing_keepsItsNetworksForItsGrace_legsSendUntilJustBefore_thenTheOtherTakesThem() {
        owned(2);
        List<String> nftScripts = new CopyOnWriteArrayList<>();
        RecordingNetworkNode a = new RecordingNetworkNode();
        NetworkNodeService serviceA = service("a", store, a, LEASE);
        serviceA.deadMan(LegDeadMan.over(recordingNft(nftScripts), Optional.empty(), "xg"));
        serviceA.start();
        RecordingNetworkNode b = running("b");
        Duration grace = Duration.ofSeconds(3);

        long t0 = System.nanoTime();
        serviceA.leaveServing(grace); // netnode.on-shutdown = leave

        assertThat(a.served()).as("its networks left served").hasSize(2);
        assertThat(a.tornDown).isEmpty();
        String last = nftScripts.get(nftScripts.size() - 1);
        Matcher timeout = Pattern.compile("timeout ([0-9]+)ms").matcher(last);
        assertThat(timeout.find()).as("the legs' switch refreshed, not removed: %s", last).isTrue();
        assertThat(Long.parseLong(timeout.group(1))).as("the legs fall silent just before the held lease ends")
                .isBetween(grace.minus(LEASE.dividedBy(4)).toMillis() - 1_000, grace.minus(LEASE.dividedBy(4)).toMillis());
        sleep(LEASE.multipliedBy(2));
        assertThat(b.served()).as("nobody takes them while the left node's lease is held").isEmpty();
        assertThat(store.nodes()).filteredOn(n -> n.name().equals("a")).singleElement().satisfies(n -> assertThat(n.alive()).isTrue());
        Eventually.await("b takes them once the grace ended", Duration.ofSeconds(10), () -> b.served().size() == 2);
        assertThat((System.nanoTime() - t0) / 1e9).as("not before the grace ended").isGreaterThanOrEqualTo(grace.toMillis() / 1000.0 * 0.9);
    }

    @Test
    void nodeLeftServing_restartedWithinItsGrace_servesItsNetworksOn_theOtherTakesNothing() {
        owned(2);
        RecordingNetworkNode a = new RecordingNetworkNode();
        NetworkNodeService serviceA = start("a", store, a);
        RecordingNetworkNode b = running("b");

        serviceA.leaveServing(Duration.ofSeconds(10));
        sleep(LEASE.multipliedBy(2)); // the restart takes longer than a lease
        RecordingNetworkNode aAgain = running("a");

        assertThat(aAgain.served()).as("still its own: served on by the new process").hasSize(2);
        sleep(LEASE.multipliedBy(2));
        assertThat(b.served()).isEmpty();
        assertThat(store.nodes()).filteredOn(n -> n.name().equals("a")).singleElement()
                .satisfies(n -> assertThat(n.ttl()).as("renewing again with its own lease").isEqualTo(LEASE));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** nft that succeeds and keeps each script it is given. */
    private static CommandRunner recordingNft(List<String> scripts) {
        return new CommandRunner() {
            @Override
            public CommandResult run(Command command) {
                if (command.input() != null) {
                    scripts.add(command.input());
                }
                return new CommandResult(0, "", "");
            }

            @Override
            public RunningProcess start(Command command, java.nio.file.Path log) {
                throw new UnsupportedOperationException("no processes here");
            }
        };
    }
}
