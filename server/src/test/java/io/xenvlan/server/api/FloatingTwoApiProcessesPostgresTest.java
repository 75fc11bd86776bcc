package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Floating IP storms through two API processes (this JVM and {@code xenvlan server --roles api} in
 * another) on one PostgreSQL: no floating IP handed to two projects, each project held to its
 * quota, no VM with two floating IPs, and every refusal a clean 422 or 409.
 */
@Tag("postgres")
class FloatingTwoApiProcessesPostgresTest {
    private static final int PROJECTS = 3;
    private static final int QUOTA = 10;
    private static final int VMS = 6;

    @Test
    void allocateAndAssociateStorms_oneProjectPerAddress_oneFloatingIpPerVm() throws Exception {
        java.nio.file.Path state = Files.createTempDirectory("xenvlan-fip-api2");
        try (ApiFixture first = new ApiFixture(TestDatabase.postgres(), HttpConfig.ephemeral(), app -> { });
             ApiProcess second = ApiProcess.start(first.database, state, Map.of("XENVLAN_QUOTA_FLOATING_IPS", Integer.toString(QUOTA)))) {
            first.post(first.admin, "/v1/networks", "{\"label\":\"fip\",\"cidr\":\"10.62.0.0/22\",\"num_networks\":4,\"network_size\":256}");
            first.post(first.admin, "/v1/floating-pools", "{\"pool\":\"public\",\"range\":\"203.0.113.0/26\"}");
            TwoApiProcessesPostgresTest.storm(first, second.base(), "/v1/addresses", PROJECTS * VMS,
                    n -> "{\"project\":\"p" + (n % PROJECTS) + "\",\"instance\":\"vm-p" + (n % PROJECTS) + "-" + (n / PROJECTS) + "\"}");

            List<ApiFixture.Reply> allocations = TwoApiProcessesPostgresTest.posts(first, second.base(), PROJECTS * 16,
                    n -> "/v1/floating-ips", n -> "{\"project\":\"p" + (n % PROJECTS) + "\"}");

            List<JsonNode> won = allocations.stream().filter(r -> r.status() == 201).map(ApiFixture.Reply::json).toList();
            assertThat(won).hasSize(PROJECTS * QUOTA);
            assertThat(won.stream().map(j -> j.get("address").asText()).distinct()).hasSize(PROJECTS * QUOTA);
            assertThat(won.stream().collect(Collectors.groupingBy(j -> j.get("project").asText(), Collectors.counting())))
                    .hasSize(PROJECTS).allSatisfy((p, n) -> assertThat(n).isEqualTo((long) QUOTA));
            assertThat(allocations.stream().filter(r -> r.status() != 201))
                    .allSatisfy(r -> assertThat(r.json().get("code").asText()).isEqualTo("exhausted"));

            List<ApiFixture.Reply> associations = TwoApiProcessesPostgresTest.posts(first, second.base(), won.size() * 2,
                    n -> "/v1/floating-ips/" + won.get(n % won.size()).get("address").asText() + "/associate",
                    n -> "{\"vm\":\"vm-" + won.get(n % won.size()).get("project").asText() + "-" + ((n + n / won.size()) % VMS) + "\"}");

            assertThat(associations).allSatisfy(r -> assertThat(r.status()).as(r.text()).isIn(200, 409));
            assertThat(associations.stream().filter(r -> r.status() == 409))
                    .allSatisfy(r -> assertThat(r.json().get("details").get("rule").asText()).isEqualTo("one-floating-ip"));
            List<JsonNode> held = List.copyOf(first.get(first.admin, "/v1/floating-ips?limit=1000").json().get("items").findParents("address"));
            assertThat(held).hasSize(PROJECTS * QUOTA);
            Map<String, Long> perVm = held.stream().filter(j -> !j.get("fixed_address").isNull())
                    .collect(Collectors.groupingBy(j -> j.get("fixed_address").asText(), Collectors.counting()));
            assertThat(perVm).isNotEmpty().allSatisfy((vm, n) -> assertThat(n).isEqualTo(1L));
            assertThat(perVm.size()).isLessThanOrEqualTo(PROJECTS * VMS);
            assertThat(held).allSatisfy(j -> assertThat(j.get("instance").isNull()
                    || j.get("instance").asText().startsWith("vm-" + j.get("project").asText() + "-")).isTrue());
            assertThat(second.stop()).as("the API process stops on SIGTERM").isTrue();
        }
    }
}
