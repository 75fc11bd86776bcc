package io.xenvlan.store;

import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingFilter;
import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three JVMs allocating and associating floating IPs at once on one PostgreSQL: no address handed
 * to two projects, each project held to its quota, no VM with two floating IPs or a floating IP
 * with two VMs, and every refusal a clean domain error.
 */
@Tag("postgres")
class MultiProcessFloatingTest {
    static final int PROCESSES = 3;
    static final int PER_PROJECT = 12;
    static final int PROJECTS = 4;
    static final int QUOTA = 30;
    static final int VMS = 12;

    @Test
    void threeProcesses_oneProjectPerAddress_quotaHeld_oneAssociationPerVm() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); JdbcStore store = db.open()) {
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            manager.createNetworks(NetworkRequest.of("mp", "10.50.0.0/16").withCount(PROJECTS, 256));
            for (int p = 0; p < PROJECTS; p++) {
                for (int v = 0; v < VMS; v++) {
                    manager.allocate(ProjectId.of("p" + p), InstanceId.of("vm-p" + p + "-" + v), Optional.empty());
                }
            }
            FloatingIps fips = new FloatingIps(JdbcFloatingStore.on(store, Clock.systemUTC()), store, new FloatingConfig(QUOTA, false));
            fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));

            List<String> lines = ChildJvms.run(db, PROCESSES, FloatingWorker.class, Integer.toString(PER_PROJECT), Integer.toString(PROJECTS), Integer.toString(QUOTA), Integer.toString(VMS));

            List<String[]> allocs = fields(lines, "ALLOC");
            assertThat(allocs).hasSize(PROJECTS * QUOTA);
            assertThat(allocs.stream().map(f -> f[1]).distinct()).hasSize(PROJECTS * QUOTA);
            assertThat(allocs.stream().collect(Collectors.groupingBy(f -> f[2], Collectors.counting())))
                    .hasSize(PROJECTS).allSatisfy((p, n) -> assertThat(n).isEqualTo((long) QUOTA));
            assertThat(fields(lines, "REFUSED")).hasSize(PROCESSES * PER_PROJECT * PROJECTS - PROJECTS * QUOTA)
                    .allSatisfy(f -> assertThat(f[2]).isEqualTo("exhausted"));
            assertThat(fields(lines, "NOASSOC")).allSatisfy(f -> assertThat(f[2]).isEqualTo("conflict"));
            assertThat(fields(lines, "ASSOC").size() + fields(lines, "NOASSOC").size()).isEqualTo(PROJECTS * QUOTA);

            List<FloatingIp> held = fips.list(FloatingFilter.all());
            assertThat(held).hasSize(PROJECTS * QUOTA);
            Map<String, Long> perFixed = held.stream().filter(ip -> ip.association().isPresent())
                    .collect(Collectors.groupingBy(ip -> ip.association().get().fixedAddress().toString(), Collectors.counting()));
            // a VM is associated once if any of its three attempts got an address; which ones do depends on
            // the processes' timing (all three attempts of a VM may come after its project's quota is used up)
            long vmsWithAnAddress = allocs.stream().map(f -> f[3]).distinct().count();
            assertThat(fields(lines, "ASSOC")).hasSize((int) vmsWithAnAddress);
            assertThat(perFixed).hasSize((int) vmsWithAnAddress).allSatisfy((fixed, n) -> assertThat(n).isEqualTo(1L));
        }
    }

    private static List<String[]> fields(List<String> lines, String kind) {
        return lines.stream().filter(l -> l.startsWith(kind + " ")).map(l -> l.split(" ")).toList();
    }
}
