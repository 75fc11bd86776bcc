package io.xenvlan.bench;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.server.ComputeSide;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.sim.MethodStats;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The compute side against the simulator: XenAPI calls per attach (from the simulator's
 * per-method counts; the VM event loop's event.from calls run beside the attach path and are
 * listed apart), and attaches per second for many VMs with simulated latency, beside the bound
 * that latency and the call count set. Embedded H2 store, the real VLAN manager and driver.
 *
 * <p>Usage: {@code AttachBench [hosts=8] [vms=1000] [latency-ms=2] [threads=16]}.
 */
public final class AttachBench {
    private static final PoolName POOL = SimulatedPoolBench.POOL;
    private static final int PROJECTS = 8;

    private AttachBench() {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int vms = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int latencyMs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        try (SimulatedPoolBench bench = SimulatedPoolBench.start("attach-bench", SimulatorConfig.builder().hosts(hosts).vms(vms)
                .latency(Duration.ofMillis(latencyMs)))) {
            PoolSimulator sim = bench.sim;
            bench.manager.createNetworks(NetworkRequest.of("bench", "10.0.0.0/16").withCount(PROJECTS, 256));
            try (ComputeSide compute = bench.compute().start()) {
                VifAttachments attachments = compute.services().attachments();
                List<String> vmUuids = bench.guestUuids();
                System.out.printf(Locale.ROOT, "compute side vs simulator: %d hosts, %d VMs, %d ms latency per call, %d threads%n",
                        hosts, vmUuids.size(), latencyMs, threads);

                sim.resetStats();
                attachments.attach(ProjectId.of("project-0"), POOL, InstanceId.of(vmUuids.get(0)), OptionalLong.empty());
                report("first attach on a new VLAN (target <= hosts + 4 = " + (hosts + 4) + ")", sim, 1);

                sim.resetStats();
                for (int i = 1; i <= 20; i++) {
                    attachments.attach(ProjectId.of("project-0"), POOL, InstanceId.of(vmUuids.get(i)), OptionalLong.empty());
                }
                report("steady state, per attach over 20 (target <= 3)", sim, 20);

                List<String> rest = vmUuids.subList(21, vmUuids.size());
                sim.resetStats();
                long began = System.nanoTime();
                ExecutorService workers = Executors.newFixedThreadPool(threads);
                List<Future<?>> results = new ArrayList<>();
                for (int i = 0; i < rest.size(); i++) {
                    String project = "project-" + (i % PROJECTS);
                    String vm = rest.get(i);
                    results.add(workers.submit(() -> attachments.attach(ProjectId.of(project), POOL, InstanceId.of(vm), OptionalLong.empty())));
                }
                for (Future<?> result : results) {
                    result.get();
                }
                double seconds = (System.nanoTime() - began) / 1e9;
                workers.shutdown();
                double perAttach = callsWithoutEvents(sim) / (double) rest.size();
                double bound = threads * 1000.0 / (perAttach * Math.max(latencyMs, 0.001));
                System.out.printf(Locale.ROOT, "%d attaches (%d projects, %d of them first on their VLAN) in %.2f s: %.0f attaches/s; "
                        + "%.2f calls per attach; latency bound %d threads x 1000 / (%.2f calls x %d ms) = %.0f attaches/s%n",
                        rest.size(), PROJECTS, PROJECTS - 1, seconds, rest.size() / seconds, perAttach, threads, perAttach,
                        latencyMs, bound);
            }
        }
    }

    private static long callsWithoutEvents(PoolSimulator sim) {
        return sim.stats().methods().entrySet().stream().filter(e -> !e.getKey().equals("event.from"))
                .mapToLong(e -> e.getValue().calls()).sum();
    }

    private static void report(String what, PoolSimulator sim, int attaches) {
        StringBuilder methods = new StringBuilder();
        for (Map.Entry<String, MethodStats> e : sim.stats().methods().entrySet()) {
            if (!e.getKey().equals("event.from")) {
                methods.append(' ').append(e.getKey()).append('=').append(e.getValue().calls());
            }
        }
        System.out.printf(Locale.ROOT, "%s: %.2f calls per attach (%s )%n", what,
                callsWithoutEvents(sim) / (double) attaches, methods);
    }
}
