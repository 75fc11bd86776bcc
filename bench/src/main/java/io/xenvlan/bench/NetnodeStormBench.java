package io.xenvlan.bench;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.NetworkNodeRole;
import io.xenvlan.netnode.Publication;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storm of allocations on one /18 network served by the real network node: real dnsmasq in a
 * namespace on a private Open vSwitch (the netnode test harness), the VLAN manager on embedded H2.
 * Prints the dnsmasq reloads (SIGHUPs sent, and reloads dnsmasq itself logged), the bytes written,
 * and the time from each allocation's commit to the reload that carries it. Needs root, Open
 * vSwitch and dnsmasq (as the data-plane tests).
 *
 * <p>Usage: {@code NetnodeStormBench [allocations=5000] [threads=8] [window-ms=150] [release-every=0]}: with
 * {@code release-every} N > 0, each thread also releases the address of its allocation before last after every
 * N-th allocation, so publications carry removals (a rewrite and a reload) as well as additions.
 */
public final class NetnodeStormBench {
    private NetnodeStormBench() {
    }

    private record Commit(long sequence, long nanos) {}

    private record Reload(long sequence, long nanos) {}

    public static void main(String[] args) throws Exception {
        int allocations = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Duration window = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 150);
        int releaseEvery = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        try (DataPlane plane = DataPlane.start()) {
            plane.veth(plane.name("ta"), plane.name("tb"));
            String nodeNs = plane.namespace("nn");
            Path state = Files.createDirectory(plane.dir().resolve("state"));
            try (JdbcStore store = EmbeddedStore.open(plane.dir().resolve("store"))) {
                VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
                Network net = manager.createNetworks(new NetworkRequest("storm", "10.88.0.0/18", 1, 16384, 100, Optional.of(100),
                        Optional.empty(), "eth1", Optional.empty(), Optional.empty(), Optional.empty(), 1500,
                        Optional.of("storm"))).get(0);
                List<Reload> reloads = Collections.synchronizedList(new ArrayList<>());
                List<Long> passes = Collections.synchronizedList(new ArrayList<>());
                List<Long> reads = Collections.synchronizedList(new ArrayList<>());
                ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
                NetworkNodeConfig config = NetworkNodeConfig.builder("bench", state).ovsDb(plane.ovsDb())
                        .trunkBridge(plane.name("tr")).trunkInterface(plane.name("tb")).netns(nodeNs).portPrefix(plane.tag())
                        .dhcpScript(Path.of("/bin/true")).coalesceWindow(window).build();
                NetworkNodeRole role = NetworkNodeRole.create(config, store, plane.runner(), Clock.systemUTC(), scheduler,
                        (Publication p) -> {
                            passes.add(p.took().toNanos());
                            reads.add(p.read().toNanos());
                            if (p.reloaded() > 0) {
                                reloads.add(new Reload(p.sequence(), System.nanoTime()));
                            }
                        });
                role.start();
                PublicationWait wait = PublicationWait.polling(store);
                wait.await(net.id(), store.changeSequence(), Duration.ofSeconds(30));
                long reloadsBefore = role.node().fleet().stats().reloads();
                long additionsBefore = role.node().fleet().stats().additions();
                long bytesBefore = role.node().fleet().stats().bytesWritten();
                reloads.clear();
                passes.clear();
                reads.clear();

                List<Commit> commits = Collections.synchronizedList(new ArrayList<>());
                AtomicInteger next = new AtomicInteger();
                AtomicInteger released = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        Allocation previous = null;
                        int mine = 0;
                        for (int i = next.getAndIncrement(); i < allocations; i = next.getAndIncrement()) {
                            Allocation a = manager.allocate(ProjectId.of("storm"), InstanceId.of("vm-" + i), Optional.empty());
                            long committed = System.nanoTime();
                            commits.add(new Commit(stamp(store, a), committed));
                            if (releaseEvery > 0 && ++mine % releaseEvery == 0 && previous != null) {
                                manager.release(previous.address().toString());
                                released.incrementAndGet();
                            }
                            previous = a;
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                long stormNanos = System.nanoTime() - start;
                wait.await(net.id(), store.changeSequence(), Duration.ofSeconds(60));
                long drained = System.nanoTime() - start;
                pool.shutdown();

                long sighups = role.node().fleet().stats().reloads() - reloadsBefore;
                long bytes = role.node().fleet().stats().bytesWritten() - bytesBefore;
                long additions = role.node().fleet().stats().additions() - additionsBefore;
                Path dnsmasqDir = role.node().fleet().directory(net.id());
                List<String> log = Files.readAllLines(dnsmasqDir.resolve("dnsmasq.log"));
                long logged = log.stream().filter(l -> l.contains("read ") && l.endsWith("/hosts")).count() - 1;
                long loggedAdded = log.stream().filter(l -> l.contains("read ") && l.contains("/hosts.d/added-")).count();
                List<Long> latencies = latencies(commits, reloads);
                long windows = drained / window.toNanos() + 1;
                System.out.printf(Locale.ROOT, "allocations: %d by %d threads in %.2f s (%.0f/s), %d released, all published after %.2f s%n",
                        allocations, threads, stormNanos / 1e9, allocations / (stormNanos / 1e9), released.get(), drained / 1e9);
                System.out.printf(Locale.ROOT, "coalescing window: %d ms -> %d windows elapsed%n", window.toMillis(), windows);
                System.out.printf(Locale.ROOT, "dnsmasq reloads: %d SIGHUPs sent, %d hosts-file reads in dnsmasq's log; "
                                + "%d files of added entries written (no reload), %d reads of added files in dnsmasq's log (%.1f allocations per publication)%n",
                        sighups, logged, additions, loggedAdded, allocations / (double) Math.max(1, sighups + additions));
                long served;
                try (var added = Files.list(dnsmasqDir.resolve("hosts.d"))) {
                    served = Files.size(dnsmasqDir.resolve("hosts")) + added.mapToLong(f -> f.toFile().length()).sum();
                }
                System.out.printf(Locale.ROOT, "bytes written: %d (%.1f MB, %.0f per allocation); hosts file and added files %d bytes%n",
                        bytes, bytes / 1e6, bytes / (double) allocations, served);
                System.out.printf(Locale.ROOT, "commit -> reload latency: median %.0f ms, p99 %.0f ms, max %.0f ms (%d allocations)%n",
                        pct(latencies, 50), pct(latencies, 99), pct(latencies, 100), latencies.size());
                List<Long> passNanos = new ArrayList<>(passes);
                Collections.sort(passNanos);
                List<Long> readNanos = new ArrayList<>(reads);
                Collections.sort(readNanos);
                System.out.printf(Locale.ROOT, "publication passes: %d, each median %.1f ms (store read %.1f ms), max %.1f ms (store read %.1f ms)%n",
                        passNanos.size(), pct(passNanos, 50), pct(readNanos, 50), pct(passNanos, 100), pct(readNanos, 100));
                System.out.printf(Locale.ROOT, "targets: <= 1 reload per window (%d <= %d: %s), median < 250 ms (%s)%n",
                        sighups, windows, sighups <= windows ? "met" : "MISSED", pct(latencies, 50) < 250 ? "met" : "MISSED");
                role.close();
                scheduler.shutdownNow();
            }
        }
    }

    /** The change stamp the allocation's commit carries (read back; changeSequence() would serialise the writers). */
    private static long stamp(JdbcStore store, Allocation a) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT change_seq FROM fixed_ips WHERE address = ?")) {
            s.setLong(1, a.address().unsigned());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** For each commit, the first reload whose published sequence covers it. */
    private static List<Long> latencies(List<Commit> commits, List<Reload> reloads) {
        List<Reload> sorted = new ArrayList<>(reloads);
        sorted.sort((a, b) -> Long.compare(a.nanos(), b.nanos()));
        List<Long> out = new ArrayList<>();
        for (Commit c : commits) {
            sorted.stream().filter(r -> r.sequence() >= c.sequence() && r.nanos() >= c.nanos()).findFirst()
                    .ifPresent(r -> out.add(r.nanos() - c.nanos()));
        }
        Collections.sort(out);
        return out;
    }

    private static double pct(List<Long> sortedNanos, int p) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int i = Math.min(sortedNanos.size() - 1, (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, i)) / 1e6;
    }
}
