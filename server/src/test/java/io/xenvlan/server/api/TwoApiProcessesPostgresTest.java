package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two API servers on one PostgreSQL database behave as one system (the attach storm runs through a
 * second JVM, {@code xenvlan server --roles api}; the allocation storm through a second server with
 * its own store and pool in this JVM): allocation and attach storms through both hand out no address or MAC twice, give each
 * project exactly one network and make exactly one XenAPI network (with one VLAN PIF per host) per VLAN.
 */
@Tag("postgres")
class TwoApiProcessesPostgresTest {
    private static final int PROJECTS = 6;
    private static final int PER_PROJECT = 40;

    @Test
    void allocationStormThroughTwoApis_noDuplicatesOneNetworkPerProject() throws Exception {
        try (ApiFixture first = new ApiFixture(TestDatabase.postgres(), HttpConfig.ephemeral(), app -> { });
             JdbcStore secondStore = first.database.open();
             ApiServer second = ApiServer.start(ServiceWiring.api(secondStore, new ServerMetrics(), Clock.systemUTC()),
                     HttpConfig.ephemeral())) {
            assertThat(first.post(first.admin, "/v1/networks",
                    "{\"label\":\"storm\",\"cidr\":\"10.60.0.0/20\",\"num_networks\":8,\"network_size\":512}").status()).isEqualTo(201);
            String secondBase = "http://127.0.0.1:" + second.port();
            // the token made through the first process works on the second: one store
            assertThat(first.send(first.admin, "GET", "/v1/networks", null).status()).isEqualTo(200);

            List<JsonNode> allocations = storm(first, secondBase, "/v1/addresses", PROJECTS * PER_PROJECT,
                    n -> "{\"project\":\"proj" + (n % PROJECTS) + "\",\"instance\":\"vm-" + n + "\"}");

            assertThat(allocations).hasSize(PROJECTS * PER_PROJECT);
            Set<String> addresses = new HashSet<>();
            Set<String> macs = new HashSet<>();
            Map<String, Set<String>> networksByProject = new HashMap<>();
            for (JsonNode a : allocations) {
                addresses.add(a.get("address").asText());
                macs.add(a.get("mac").asText());
                networksByProject.computeIfAbsent(a.get("project").asText(), p -> new HashSet<>()).add(a.get("network").asText());
            }
            assertThat(addresses).hasSize(PROJECTS * PER_PROJECT);
            assertThat(macs).hasSize(PROJECTS * PER_PROJECT);
            assertThat(networksByProject).hasSize(PROJECTS).allSatisfy((p, nets) -> assertThat(nets).hasSize(1));
            assertThat(first.get(first.admin, "/v1/addresses?limit=1000").json().get("total").asInt()).isEqualTo(PROJECTS * PER_PROJECT);
        }
    }

    /** 64 VMs of one project race for one new VLAN (the compute side's case), and 48 VMs of four projects for four. */
    @ParameterizedTest(name = "{0} VMs of {1} project(s)")
    @CsvSource({"64, 1", "48, 4"})
    void attachStormThroughTwoApiProcesses_oneXenApiNetworkPerVlanAndNoDuplicates(int vmCount, int projects) throws Exception {
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory("xenvlan-api2");
        try (io.xenvlan.sim.PoolSimulator sim = io.xenvlan.sim.PoolSimulator.start(
                     io.xenvlan.sim.SimulatorConfig.builder().hosts(3).vms(vmCount).port(0).threads(32).build());
             ApiFixture first = new ApiFixture(TestDatabase.postgres(), HttpConfig.ephemeral(), app -> { })) {
            ApiProcess child = ApiProcess.start(first.database, state, java.util.Map.of());
            try {
                String secondBase = child.base();
                java.nio.file.Path password = first.poolSecrets.resolve("lab.password");
                java.nio.file.Files.writeString(password, io.xenvlan.sim.SimulatorConfig.DEFAULT_PASSWORD);
                first.post(first.admin, "/v1/networks", "{\"label\":\"storm\",\"cidr\":\"10.61.0.0/22\",\"num_networks\":4,\"network_size\":256}");
                assertThat(first.post(first.admin, "/v1/pools", "{\"name\":\"lab\",\"url\":\"" + sim.url()
                        + "\",\"user\":\"root\",\"password_source\":\"file:" + password + "\"}").status()).isEqualTo(201);
                List<String> vms = sim.guests().values().stream().map(vm -> (String) vm.get("uuid")).sorted().toList();

                List<JsonNode> attached = storm(first, secondBase, "/v1/vifs", vms.size(),
                        n -> "{\"project\":\"proj" + (n % projects) + "\",\"pool\":\"lab\",\"vm\":\"" + vms.get(n) + "\"}");

                assertThat(attached).hasSize(vms.size());
                assertThat(attached.stream().map(a -> a.get("address").asText()).distinct()).hasSize(vms.size());
                assertThat(attached.stream().map(a -> a.get("mac").asText()).distinct()).hasSize(vms.size());
                for (int vlan = 100; vlan < 100 + projects; vlan++) {
                    String bridge = "br" + vlan;
                    List<Map.Entry<String, Map<String, Object>>> networks = sim.records("network").entrySet().stream()
                            .filter(e -> bridge.equals(e.getValue().get("name_label"))).toList();
                    assertThat(networks).as("XenAPI networks named %s", bridge).hasSize(1);
                    String ref = networks.get(0).getKey();
                    assertThat(sim.records("PIF").values().stream().filter(p -> ref.equals(p.get("network")))).hasSize(3);
                }
                assertThat(first.get(first.admin, "/v1/vifs?limit=1000").json().get("total").asInt()).isEqualTo(vms.size());
            } finally {
                assertThat(child.stop()).as("the API process stops on SIGTERM").isTrue();
            }
        }
    }

    /**
     * POSTs {@code count} bodies to {@code path} from 16 threads, even ones through the first process and
     * odd ones through the second; asserts every request got 201 and returns the replies.
     */
    static List<JsonNode> storm(ApiFixture first, String secondBase, String path, int count, IntFunction<String> body)
            throws Exception {
        List<ApiFixture.Reply> replies = posts(first, secondBase, count, n -> path, body);
        assertThat(replies.stream().filter(r -> r.status() != 201).map(r -> r.status() + " " + r.text())).isEmpty();
        return replies.stream().map(ApiFixture.Reply::json).toList();
    }

    /** POSTs {@code count} requests (path and body by number) from 16 threads, even ones through the first process, odd ones the second. */
    static List<ApiFixture.Reply> posts(ApiFixture first, String secondBase, int count, IntFunction<String> path, IntFunction<String> body)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<ApiFixture.Reply>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            done.add(pool.submit(() -> n % 2 == 0 ? first.post(first.admin, path.apply(n), body.apply(n))
                    : first.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(secondBase + path.apply(n)))
                            .header("Authorization", "Bearer " + first.admin).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.apply(n))).build())));
        }
        try {
            List<ApiFixture.Reply> replies = new ArrayList<>();
            for (Future<ApiFixture.Reply> f : done) {
                replies.add(f.get());
            }
            return replies;
        } finally {
            pool.shutdown();
        }
    }
}
