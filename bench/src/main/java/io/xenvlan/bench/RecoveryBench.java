package io.xenvlan.bench;

import io.xenvlan.core.hypervisor.OperationTiming;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.RecoveryReport;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.ComputeSide;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcPoolStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * How long recovery takes: a process is "killed" with N attaches half done (the intent recorded,
 * the address allocated, the VIF made on the pool, nothing acknowledged), then a recovery pass of
 * a fresh process finishes them (VIF off the pool, address released). Prints the pass's time, per
 * interrupted attach, the XenAPI calls it made, and the time of a pass with nothing to do. The
 * time before the pass (a dead process's heartbeat must grow older than the stale time, 10 s by
 * default) is not in these figures. Embedded H2 store, the simulator with latency per call.
 *
 * <p>Usage: {@code RecoveryBench [interrupted=200] [latency-ms=2]}.
 */
public final class RecoveryBench {
    private static final PoolName POOL = SimulatedPoolBench.POOL;

    private RecoveryBench() {
    }

    public static void main(String[] args) throws Exception {
        int interrupted = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        OperationTiming quick = new OperationTiming(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (SimulatedPoolBench bench = SimulatedPoolBench.start("recovery-bench", SimulatorConfig.builder().hosts(3).vms(interrupted)
                .latency(Duration.ofMillis(latencyMs)))) {
            PoolSimulator sim = bench.sim;
            JdbcPoolStore pools = bench.pools;
            VlanManager manager = bench.manager;
            manager.createNetworks(NetworkRequest.of("bench", "10.0.0.0/16").withCount(1, 1024));
            List<String> vms = bench.guestUuids();
            // the process that finds the interrupted attaches: quick timing, so the killed one's claims are stale soon
            try (ComputeSide compute = bench.compute().timing(quick).start()) {
                HypervisorNetworking driver = compute.hypervisor();
                Worker killed = new Worker(UUID.randomUUID(), "killed");
                pools.heartbeat(killed);
                for (String uuidOfVm : vms) {
                    InstanceId vm = InstanceId.of(uuidOfVm);
                    pools.claimVm(POOL, vm, killed, quick.staleAfter()).orElseThrow();
                    UUID uuid = pools.beginAttach(POOL, vm, 0, ProjectId.of("p"), OptionalLong.empty());
                    Allocation a = manager.allocateForVif(ProjectId.of("p"), vm, uuid);
                    driver.attachVif(POOL, new VifRequest(uuid, pools.deployment(), vm, a.mac(), a.address(), a.network(),
                            OptionalLong.empty()));
                }
                Thread.sleep(quick.staleAfter().plusMillis(300).toMillis()); // the killed process's heartbeat grows old
                VifAttachments fresh = compute.services().attachments();
                sim.resetStats();
                RecoveryReport report = fresh.recover(POOL);
                long calls = sim.stats().methods().entrySet().stream().filter(e -> !e.getKey().equals("event.from"))
                        .mapToLong(e -> e.getValue().calls()).sum();
                System.out.printf(Locale.ROOT, "recovery pass, %d interrupted attaches (%d ms XenAPI latency): %d VIFs off the pool"
                                + " and addresses released in %d ms, %.1f ms and %.1f XenAPI calls per VIF; %d left allocated%n",
                        vms.size(), latencyMs, report.vifs(), report.took().toMillis(), report.took().toMillis() / (double) report.vifs(),
                        calls / (double) report.vifs(), manager.addresses(Optional.empty(), Optional.empty(), false).size());
                RecoveryReport idle = fresh.recover(POOL);
                System.out.printf(Locale.ROOT, "recovery pass with nothing to finish: %d ms%n", idle.took().toMillis());
            }
        }
    }
}
