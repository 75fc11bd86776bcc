package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.store.AddressFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

            List<Process> children = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                children.add(spawn(db, "p" + p));
            }
            List<String> lines = new ArrayList<>();
            for (Process child : children) {
                String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as("child failed: %s", err).isZero();
                out.lines().filter(l -> l.startsWith("ALLOC ")).map(l -> l.substring(6)).forEach(lines::add);
            }

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

    private static Process spawn(TestDatabase db, String tag) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                AllocationWorker.class.getName(), tag, Integer.toString(PER_PROCESS), Integer.toString(PROJECTS)));
        pb.environment().put("XV_URL", db.url());
        pb.environment().put("XV_USER", db.user().orElse(""));
        pb.environment().put("XV_PASSWORD", db.password().orElse(""));
        return pb.start();
    }
}
