package io.xenvlan.bench;

import io.xenvlan.sim.MethodStats;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import io.xenvlan.xenapi.client.XenFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * XenAPI calls per second through xenvlan's client against the simulator over loopback HTTP,
 * for 1 and 8 calling threads, with where the time goes:
 * <ul>
 *   <li>server handler time per call: the simulator's own per-method nanoseconds ({@code /stats});</li>
 *   <li>CPU per call on the client side (the calling threads and the JDK HttpClient's threads)
 *       and on the server side (the simulator's workers and the JDK HttpServer dispatcher), from
 *       per-thread CPU time (ThreadMXBean), both sides running in this one JVM.</li>
 * </ul>
 * Usage: {@code XenApiCallBench [seconds-per-run=5] [thread counts=1,8] [method=VM.get_record]}.
 */
public final class XenApiCallBench {
    private static final String METHOD = "VM.get_record";

    private XenApiCallBench() {
    }

    record Run(int threads, long calls, double seconds, long[] latencies, long serverNanos, long clientCpu, long serverCpu) {
        double rate() {
            return calls / seconds;
        }

        double micros(long total) {
            return total / 1000.0 / calls;
        }

        double percentileMicros(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int[] threadCounts = args.length > 1 ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8};
        try (PoolSimulator sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(3).vms(6).build());
             XenApiClient client = XenApiClient.create(XenApiClientConfig.builder(sim.url(), "root",
                     Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build())) {
            Ref<VmRecord> vm = client.vms().getAllRecordsWhere(XenFilter.and(
                    XenFilter.eq("is_control_domain", "false"), XenFilter.eq("is_a_template", "false")))
                    .keySet().iterator().next();
            run(client, sim, vm, 8, 3); // warm-up: JIT, connections
            System.out.printf(Locale.ROOT, "XenAPI %s through XenApiClient -> simulator over loopback HTTP/1.1 (JSON-RPC 2.0), %d s per run, %d cores%n",
                    METHOD, seconds, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%7s %10s %9s %9s %9s %14s %14s %14s%n", "threads", "calls/s", "mean µs",
                    "p50 µs", "p99 µs", "server hnd µs", "client CPU µs", "server CPU µs");
            for (int threads : threadCounts) {
                Run r = run(client, sim, vm, threads, seconds);
                System.out.printf(Locale.ROOT, "%7d %10.0f %9.1f %9.1f %9.1f %14.1f %14.1f %14.1f%n", threads, r.rate(),
                        r.micros(Arrays.stream(r.latencies()).sum()), r.percentileMicros(0.5), r.percentileMicros(0.99),
                        r.micros(r.serverNanos()), r.micros(r.clientCpu()), r.micros(r.serverCpu()));
            }
            System.out.println("server hnd = the simulator's own time in the method (its /stats nanos); client/server CPU ="
                    + " thread CPU time per call of the caller + JDK HttpClient threads / the simulator's HTTP threads.");
        }
    }

    private static Run run(XenApiClient client, PoolSimulator sim, Ref<VmRecord> vm, int threads, int seconds)
            throws InterruptedException {
        sim.resetStats();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<long[]> perThread = new ArrayList<>();
        long[] counts = new long[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] latencies = new long[2_000_000 / threads];
            perThread.add(latencies);
            int index = t;
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long n = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    client.vms().getRecord(vm);
                    long took = System.nanoTime() - start;
                    if (n < latencies.length) {
                        latencies[(int) n] = took;
                    }
                    n++;
                }
                counts[index] = n;
            }, "bench-caller-" + t);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        Map<Long, long[]> cpuBefore = cpuByThread(mx);
        long began = System.nanoTime();
        go.countDown();
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        stop.set(true);
        Map<Long, long[]> cpuAtStop = cpuByThread(mx); // before the workers exit and take their CPU time with them
        long elapsed = System.nanoTime() - began;
        for (Thread worker : workers) {
            worker.join();
        }
        long calls = Arrays.stream(counts).sum();
        List<Long> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] latencies = perThread.get(t);
            for (int i = 0; i < Math.min(counts[t], latencies.length); i++) {
                all.add(latencies[i]);
            }
        }
        MethodStats stats = sim.stats().methods().get(METHOD);
        long[] split = cpuSplit(mx, cpuBefore, cpuAtStop);
        return new Run(threads, calls, elapsed / 1e9, all.stream().mapToLong(Long::longValue).toArray(),
                stats == null ? 0 : stats.nanos(), split[0], split[1]);
    }

    /** Thread id -> {cpu nanos, side (0 client, 1 server, -1 other)}. */
    private static Map<Long, long[]> cpuByThread(ThreadMXBean mx) {
        Map<Long, long[]> cpu = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long nanos = mx.getThreadCpuTime(thread.getId());
            if (nanos >= 0) {
                cpu.put(thread.getId(), new long[] {nanos, side(thread.getName())});
            }
        }
        return cpu;
    }

    private static int side(String name) {
        if (name.startsWith("bench-caller") || name.startsWith("HttpClient")) {
            return 0;
        }
        if (name.startsWith("xenvlan-sim") || name.startsWith("HTTP-Dispatcher")) {
            return 1;
        }
        return -1;
    }

    private static long[] cpuSplit(ThreadMXBean mx, Map<Long, long[]> before, Map<Long, long[]> after) {
        long[] split = new long[2];
        after.forEach((id, now) -> {
            int side = (int) now[1];
            if (side >= 0) {
                long[] then = before.get(id);
                split[side] += now[0] - (then == null ? 0 : then[0]);
            }
        });
        return split;
    }
}
