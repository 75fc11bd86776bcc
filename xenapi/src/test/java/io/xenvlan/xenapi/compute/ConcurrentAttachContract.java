package io.xenvlan.xenapi.compute;

import io.xenvlan.core.value.InstanceId;
import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 concurrent attaches of VMs of one project to a VLAN nobody created yet, from four xenvlan
 * "processes" (each its own connection pool, XenAPI client and driver) sharing one database:
 * exactly one network on the pool and one VLAN PIF per host.
 */
abstract class ConcurrentAttachContract {
    @TempDir
    Path dir;

    abstract TestDatabase database();

    @Test
    void concurrentAttachesFromFourProcesses_makeOneNetworkAndOneVlanPifPerHost() throws Exception {
        try (ComputeRig rig = ComputeRig.start(SimulatorConfig.builder().hosts(3).vms(64)
                .latency(Duration.ofMillis(5)), database(), dir)) {
            // latency widens the window in which unsynchronised processes would both see "no network yet"
            List<ComputeRig.Process> processes = List.of(rig.main, rig.process(), rig.process(), rig.process());
            List<String> vms = rig.runningVms();
            assertThat(vms).hasSize(64);
            ExecutorService threads = Executors.newFixedThreadPool(16);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AttachedVif>> results = new ArrayList<>();
            try {
                for (int i = 0; i < vms.size(); i++) {
                    ComputeRig.Process process = processes.get(i % processes.size());
                    String vm = vms.get(i);
                    results.add(threads.submit(() -> {
                        go.await();
                        return process.attachments().attach(ProjectId.of("alpha"), LAB, InstanceId.of(vm), OptionalLong.empty());
                    }));
                }
                go.countDown();
                for (Future<AttachedVif> result : results) {
                    assertThat(result.get().vif().plugged()).isTrue();
                }
            } finally {
                threads.shutdownNow();
            }

            String bridge = rig.main.manager().networkOf(ProjectId.of("alpha")).bridge().value();
            List<String> networks = rig.sim.records("network").entrySet().stream()
                    .filter(e -> bridge.equals(e.getValue().get("name_label"))).map(Map.Entry::getKey).toList();
            assertThat(networks).hasSize(1);
            List<Map<String, Object>> pifs = rig.where("PIF", "network", networks.get(0));
            assertThat(pifs).hasSize(3);
            assertThat(pifs.stream().map(p -> p.get("host")).distinct()).hasSize(3);
            assertThat(rig.sim.records("VLAN")).hasSize(3);
            assertThat(rig.where("VIF", "network", networks.get(0))).hasSize(64);
            assertThat(rig.main.manager().addresses(Optional.empty(), Optional.of("alpha").map(ProjectId::of), false)).hasSize(64);
        }
    }
}
