package io.xenvlan.bench;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.NetworkNodeRole;
import io.xenvlan.netnode.NodeCheck;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One network node serving N networks on the real data plane (a private Open vSwitch with the
 * userspace datapath, the node in a namespace, real dnsmasq), the VLAN manager on embedded H2 in
 * the same JVM. For each N it prints: the cold start (from nothing to every network confirmed),
 * a clean self-check pass, the CPU the node, its dnsmasq and Open vSwitch use while idle
 * (including the scheduled self-checks), the memory (PSS) of the JVM and of all its dnsmasq, the
 * rules a forwarded packet walks (every rule of every forward and postrouting base chain in the
 * node's namespace, nftables and iptables alike), the latency from an allocation's commit to its
 * publication while self-check passes run back to back, and how long stopping the node takes and
 * whether any dnsmasq is left. Needs root, Open vSwitch, dnsmasq and nftables (as the data-plane
 * tests).
 *
 * <p>Usage: {@code NetnodeScaleBench [N ...]} (default 100 500 1000); {@code -Didle.seconds=60}. The node
 * runs in this JVM, so this JVM's options are the node's: run it with those of the node's systemd unit
 * ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData}, packaging/systemd) to measure the
 * node as it ships; the options in effect are printed first.
 */
public final class NetnodeScaleBench {
    private static final long IDLE_SECONDS = Long.getLong("idle.seconds", 60);
    private static final int LATENCY_SAMPLES = 60;

    private NetnodeScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = args.length == 0 ? List.of(100, 500, 1000) : Stream.of(args).map(Integer::parseInt).toList();
        System.out.println("JVM options: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(run(n));
        }
        System.out.println();
        System.out.println("| networks | cold start | check pass | idle CPU (node + dnsmasq), first minute then the next | idle CPU (OVS) | PSS JVM | PSS dnsmasq | rules per packet"
                + " | publication p50 / p99 during checks | stop | load average |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(int n) throws Exception {
        try (DataPlane plane = DataPlane.start()) {
            plane.veth(plane.name("ta"), plane.name("tb"));
            String nodeNs = plane.namespace("nn");
            Path state = Files.createDirectory(plane.dir().resolve("state"));
            try (JdbcStore store = EmbeddedStore.open(plane.dir().resolve("store"))) {
                VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
                List<Network> nets = networks(manager, n);
                ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
                NetworkNodeConfig config = NetworkNodeConfig.builder("bench", state).ovsDb(plane.ovsDb())
                        .trunkBridge(plane.name("tr")).trunkInterface(plane.name("tb")).netns(nodeNs).portPrefix(plane.tag()).build();
                NetworkNodeRole role = NetworkNodeRole.create(config, store, plane.runner(), Clock.systemUTC(), scheduler, p -> { });
                Thread stopNode = new Thread(role::close, "bench-stop-node"); // a bench stopped early leaves no dnsmasq
                Runtime.getRuntime().addShutdownHook(stopNode);
                long jvmCpu0 = cpuTicksWithChildren(ProcessHandle.current().pid());
                long ovsCpu0 = ovsPids(plane).stream().mapToLong(NetnodeScaleBench::cpuTicks).sum();
                long t0 = System.nanoTime();
                role.start();
                long sequence = store.changeSequence();
                for (Network net : nets) {
                    if (store.publishedSequence(net.id()) < sequence) {
                        throw new IllegalStateException("network " + net.id() + " not confirmed after the start");
                    }
                }
                double coldStart = (System.nanoTime() - t0) / 1e9;
                long jvmCpu1 = cpuTicksWithChildren(ProcessHandle.current().pid()); // before the bench's own look at the processes
                long ovsCpu1 = ovsPids(plane).stream().mapToLong(NetnodeScaleBench::cpuTicks).sum();
                List<Long> dnsmasq = dnsmasqPids(role, nets);
                double coldCpu = (jvmCpu1 - jvmCpu0 + dnsmasq.stream().mapToLong(NetnodeScaleBench::cpuTicks).sum() + ovsCpu1 - ovsCpu0)
                        / 100.0;
                System.out.printf(Locale.ROOT, "%d networks: cold start %.1f s (%d dnsmasq), %.1f CPU-seconds (JVM and every command"
                        + " it ran, dnsmasq, Open vSwitch), load average %s%n", n, coldStart, role.node().served().size(), coldCpu, load());

                List<Double> passes = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    long c0 = System.nanoTime();
                    NodeCheck.Run check = role.checkNow();
                    passes.add((System.nanoTime() - c0) / 1e6);
                    if (check.outcome() != NodeCheck.Outcome.CLEAN) {
                        throw new IllegalStateException("the check found " + check.found());
                    }
                }
                Collections.sort(passes);
                double checkMs = passes.get(passes.size() / 2);
                System.out.printf(Locale.ROOT, "  check pass: median %.0f ms (of %s)%n", checkMs, passes.stream()
                        .map(p -> String.format(Locale.ROOT, "%.0f", p)).toList());

                Idle idle = idle(dnsmasq, plane);
                System.out.printf(Locale.ROOT, "  idle %d s: JVM %.2f %%, dnsmasq %.2f %% of a core; ovs-vswitchd + ovsdb-server %.2f %%%n",
                        IDLE_SECONDS, idle.jvm(), idle.dnsmasq(), idle.ovs());
                // the first idle window follows the start and the check passes at once: the JIT still compiles what
                // they ran; a second one shows the node's own idle cost (what it spends every minute from then on)
                Idle settled = idle(dnsmasq, plane);
                System.out.printf(Locale.ROOT, "  idle, next %d s: JVM %.2f %%, dnsmasq %.2f %% of a core; ovs-vswitchd + ovsdb-server %.2f %%%n",
                        IDLE_SECONDS, settled.jvm(), settled.dnsmasq(), settled.ovs());

                long pssJvm = pss(ProcessHandle.current().pid());
                long pssDnsmasq = dnsmasq.stream().mapToLong(NetnodeScaleBench::pss).sum();
                long fds;
                try (var list = Files.list(Path.of("/proc/self/fd"))) {
                    fds = list.count();
                }
                System.out.printf(Locale.ROOT, "  PSS: JVM %.0f MiB (heap used %.0f MiB), %d dnsmasq processes %.0f MiB; JVM open files %d%n",
                        pssJvm / 1024.0, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0,
                        dnsmasq.size(), pssDnsmasq / 1024.0, fds);

                int rules = forwardRules(plane, nodeNs);
                System.out.printf(Locale.ROOT, "  rules in the forward and postrouting hooks of the node's namespace: %d%n", rules);

                List<Double> latencies = latencyDuringChecks(role, store, manager, nets);
                System.out.printf(Locale.ROOT, "  commit -> published while checks run: p50 %.0f ms, p99 %.0f ms (%d samples)%n",
                        pct(latencies, 50), pct(latencies, 99), latencies.size());

                long stopCpu0 = cpuTicks(ProcessHandle.current().pid());
                long s0 = System.nanoTime();
                role.close();
                Runtime.getRuntime().removeShutdownHook(stopNode);
                double stop = (System.nanoTime() - s0) / 1e9;
                // the JVM's own threads only: the children it reaps meanwhile bring their whole lifetime's CPU (and their
                // lease-script helpers') into its children's counters, which is not what the stop cost
                double stopCpu = (cpuTicks(ProcessHandle.current().pid()) - stopCpu0) / 100.0;
                long atClose = alive(dnsmasq);
                long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
                while (alive(dnsmasq) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(50); // the lease-script helpers end by themselves once their dnsmasq is gone
                }
                long left = alive(dnsmasq);
                System.out.printf(Locale.ROOT, "  stop: %.2f s (JVM %.1f CPU-s), load average %s; dnsmasq and helpers still running when close()"
                        + " returned: %d, 3 s later: %d%n", stop, stopCpu, load(), atClose, left);
                scheduler.shutdownNow();
                return String.format(Locale.ROOT, "| %d | %.1f s (%.0f CPU-s) | %.0f ms | %.2f %%, then %.2f %% | %.2f %% | %.0f MiB | %.0f MiB | %d | %.0f / %.0f ms | %.2f s, %d left after 3 s | %s |",
                        n, coldStart, coldCpu, checkMs, idle.jvm() + idle.dnsmasq(), settled.jvm() + settled.dnsmasq(), idle.ovs(),
                        pssJvm / 1024.0, pssDnsmasq / 1024.0, rules,
                        pct(latencies, 50), pct(latencies, 99), stop, left, load());
            }
        }
    }

    /** {@code n} networks of 16 addresses, each owned by a project, each with two VMs. */
    private static List<Network> networks(VlanManager manager, int n) {
        manager.createNetworks(new NetworkRequest("scale", "10.64.0.0/14", n, 16, 100, Optional.empty(), Optional.empty(), "eth1",
                Optional.empty(), Optional.empty(), Optional.empty(), 1500, Optional.empty()));
        List<Network> nets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Network net = manager.associate(ProjectId.of("p" + i), Optional.empty());
            manager.allocate(ProjectId.of("p" + i), InstanceId.of("vm-" + i + "-a"), Optional.empty());
            manager.allocate(ProjectId.of("p" + i), InstanceId.of("vm-" + i + "-b"), Optional.empty());
            nets.add(net);
        }
        return nets;
    }

    private static long alive(List<Long> pids) {
        return pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();
    }

    /**
     * Each served network's dnsmasq and the helper it forks for its lease script: one pass over the
     * machine's processes for their parents (a look for each dnsmasq's children would read all of
     * /proc once per network).
     */
    private static List<Long> dnsmasqPids(NetworkNodeRole role, List<Network> nets) {
        java.util.Map<Long, List<Long>> children = new java.util.HashMap<>();
        ProcessHandle.allProcesses().forEach(h -> h.parent().ifPresent(p -> children.computeIfAbsent(p.pid(), k -> new ArrayList<>())
                .add(h.pid())));
        List<Long> pids = new ArrayList<>();
        for (Network net : nets) {
            long pid = role.node().fleet().pid(net.id());
            pids.add(pid);
            pids.addAll(children.getOrDefault(pid, List.of()));
        }
        return pids;
    }

    private record Idle(double jvm, double dnsmasq, double ovs) {}

    /** CPU used over the idle period, in % of one core, by this JVM (all of it, the bench included), the dnsmasq, OVS. */
    private static Idle idle(List<Long> dnsmasq, DataPlane plane) throws Exception {
        Thread.sleep(3000);
        List<Long> ovs = ovsPids(plane);
        long pid = ProcessHandle.current().pid();
        Map<String, Long> threads0 = ThreadCpu.byName();
        long jvm0 = cpuTicks(pid);
        long commands0 = cpuTicksWithChildren(pid) - jvm0;
        long dns0 = dnsmasq.stream().mapToLong(NetnodeScaleBench::cpuTicks).sum();
        long ovs0 = ovs.stream().mapToLong(NetnodeScaleBench::cpuTicks).sum();
        long t0 = System.nanoTime();
        Thread.sleep(IDLE_SECONDS * 1000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double tick = 100.0; // USER_HZ
        long jvm = cpuTicks(pid) - jvm0;
        long commands = cpuTicksWithChildren(pid) - jvm - jvm0 - commands0;
        System.out.printf(Locale.ROOT, "  idle %d s: JVM %.2f CPU-s, the commands it ran %.2f CPU-s; JVM threads: %s%n", IDLE_SECONDS,
                jvm / tick, commands / tick, ThreadCpu.busiest(threads0, ThreadCpu.byName(), 8));
        return new Idle(jvm / tick / seconds * 100,
                (dnsmasq.stream().mapToLong(NetnodeScaleBench::cpuTicks).sum() - dns0) / tick / seconds * 100,
                (ovs.stream().mapToLong(NetnodeScaleBench::cpuTicks).sum() - ovs0) / tick / seconds * 100);
    }

    private static List<Long> ovsPids(DataPlane plane) {
        List<Long> pids = new ArrayList<>();
        for (String daemon : List.of("ovs-vswitchd.pid", "ovsdb-server.pid")) {
            try {
                pids.add(Long.parseLong(Files.readString(plane.dir().resolve(daemon)).trim()));
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read " + daemon, e);
            }
        }
        return pids;
    }

    /** The machine's load average over the last minute (other builds share its two cores). */
    static String load() {
        try {
            return Files.readAllLines(Path.of("/proc/loadavg")).get(0).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** utime + stime + cutime + cstime: the process and the children it waited for (every command the node ran). */
    static long cpuTicksWithChildren(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime of a process (its threads included), in clock ticks. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Proportional set size in KiB. */
    private static long pss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Every rule of every base chain hooked at forward or postrouting in the node's namespace (an upper bound of what a forwarded packet walks). */
    private static int forwardRules(DataPlane plane, String nodeNs) {
        String json = plane.runner().check(Command.change("ip", "netns", "exec", nodeNs, "nft", "-j", "list", "ruleset")).stdout();
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            java.util.Set<String> hooked = new java.util.HashSet<>();
            for (var item : root.path("nftables")) {
                var chain = item.get("chain");
                if (chain != null && List.of("forward", "postrouting").contains(chain.path("hook").asText())) {
                    hooked.add(chain.path("family").asText() + " " + chain.path("table").asText() + " " + chain.path("name").asText());
                }
            }
            int rules = 0;
            for (var item : root.path("nftables")) {
                var rule = item.get("rule");
                if (rule != null && hooked.contains(rule.path("family").asText() + " " + rule.path("table").asText() + " "
                        + rule.path("chain").asText())) {
                    rules++;
                }
            }
            return rules;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Allocations on random networks, one at a time, each timed from commit to confirmation, while checks run back to back. */
    private static List<Double> latencyDuringChecks(NetworkNodeRole role, JdbcStore store, VlanManager manager, List<Network> nets)
            throws InterruptedException {
        AtomicBoolean checking = new AtomicBoolean(true);
        Thread checker = new Thread(() -> {
            while (checking.get()) {
                role.checkNow();
            }
        }, "bench-checks");
        checker.start();
        Random random = new Random(42);
        List<Double> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < LATENCY_SAMPLES; i++) {
                int k = random.nextInt(nets.size());
                Network net = nets.get(k);
                manager.allocate(ProjectId.of("p" + k), InstanceId.of("late-" + i), Optional.empty());
                long sequence = store.changeSequence();
                long t0 = System.nanoTime();
                while (store.publishedSequence(net.id()) < sequence) {
                    Thread.sleep(1);
                    if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                        throw new IllegalStateException("allocation " + i + " not published in 30 s");
                    }
                }
                latencies.add((System.nanoTime() - t0) / 1e6);
                Thread.sleep(random.nextInt(200));
            }
        } finally {
            checking.set(false);
            checker.join();
        }
        return latencies;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
