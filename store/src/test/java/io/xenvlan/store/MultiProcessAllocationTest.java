package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Three JVMs allocating at once on one PostgreSQL: no address or MAC twice, one network per project. */
@Tag("postgres")
class MultiProcessAllocationTest {
    static final int PROCESSES = 3;
    static final int PER_PROCESS = 60;
    static final int PROJECTS = 4;

    @Test
    void threeProcesses_noAddressOrMacTwice_oneNetworkPerProject() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); JdbcStore store = db.open()) {
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            manager.createNetworks(NetworkRequest.of("mp", "10.50.0.0/16").withCount(6, 256));

            List<String> lines = ChildJvms.run(db, PROCESSES, AllocationWorker.class, Integer.toString(PER_PROCESS),
                    Integer.toString(PROJECTS)).stream().filter(l -> l.startsWith("ALLOC ")).map(l -> l.substring(6)).toList();

            int total = PROCESSES * PER_PROCESS;
            assertThat(lines).hasSize(total);
            assertThat(lines.stream().map(l -> l.split(" ")[0]).distinct()).hasSize(total);
            assertThat(lines.stream().map(l -> l.split(" ")[1]).distinct()).hasSize(total);
            Map<String, Set<String>> networksByProject = lines.stream().map(l -> l.split(" "))
                    .collect(Collectors.groupingBy(f -> f[2], Collectors.mapping(f -> f[3], Collectors.toSet())));
            assertThat(networksByProject).hasSize(PROJECTS).allSatisfy((project, ids) -> assertThat(ids).hasSize(1));
            assertThat(store.addresses(AddressFilter.inUseEverywhere())).hasSize(total);
            assertThat(store.networks().stream().filter(n -> n.project().isPresent()).map(Network::id)).hasSize(PROJECTS);
        }
    }
}
