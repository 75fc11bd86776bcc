package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimHost;
import io.xenvlan.sim.SimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/pools/{pool}/hosts} and {@code /vms}: what is on a pool without {@code xe}, against the simulator over HTTP. */
class PoolInventoryApiTest {
    private ApiFixture api;
    private PoolSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(3).vms(4).port(0).failedLoginDelay(Duration.ZERO).build());
        api = ApiFixture.h2();
        api.post(api.admin, "/v1/networks", "{\"label\":\"net\",\"cidr\":\"10.90.0.0/22\",\"num_networks\":4,\"network_size\":256}");
        ApiFixture.Reply added = api.addPool("lab", sim.url(), SimulatorConfig.DEFAULT_PASSWORD);
        assertThat(added.status()).as(added.text()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        sim.close();
    }

    @Test
    void hosts_areThePoolsWithUuidAndAddress() {
        ApiFixture.Reply r = api.get(api.admin, "/v1/pools/lab/hosts");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> expected = new ArrayList<>();
        for (SimHost h : sim.hosts()) {
            expected.add(h.name() + " " + h.uuid() + " " + h.address());
        }
        List<String> got = new ArrayList<>();
        r.json().get("items").forEach(h -> got.add(h.get("name").asText() + " " + h.get("uuid").asText() + " " + h.get("address").asText()));
        assertThat(got).containsExactlyElementsOf(expected.stream().sorted().toList());
        assertThat(r.json().get("items")).allSatisfy(h -> assertThat(h.get("enabled").asBoolean()).isTrue());
        assertThat(r.json().get("total").asInt()).isEqualTo(3);
    }

    @Test
    void vms_areTheGuestsWithPowerStateHostAndXenvlansVifs() {
        Map<String, Map<String, Object>> guests = sim.guests();
        String running = guests.values().stream().filter(vm -> "Running".equals(vm.get("power_state")))
                .map(vm -> (String) vm.get("uuid")).sorted().findFirst().orElseThrow();
        ApiFixture.Reply attached = api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + running + "\"}");
        assertThat(attached.status()).as(attached.text()).isEqualTo(201);
        String halted = sim.addVm("zz-halted");

        ApiFixture.Reply r = api.get(api.admin, "/v1/pools/lab/vms");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(guests.size() + 1);
        for (JsonNode vm : items) {
            Map<String, Object> record = sim.records("VM").values().stream().filter(v -> vm.get("uuid").asText().equals(v.get("uuid")))
                    .findFirst().orElseThrow();
            assertThat(vm.get("name").asText()).isEqualTo(record.get("name_label"));
            assertThat(vm.get("power_state").asText()).isEqualTo(record.get("power_state"));
            String residentOn = (String) record.get("resident_on");
            String hostName = sim.hosts().stream().filter(h -> h.ref().equals(residentOn)).map(SimHost::name).findFirst().orElse(null);
            assertThat(vm.get("host").isNull() ? null : vm.get("host").asText()).as(vm.toString()).isEqualTo(hostName);
        }
        JsonNode withVif = find(items, running);
        assertThat(withVif.get("host").isNull()).isFalse();
        assertThat(withVif.get("vifs")).hasSize(1);
        JsonNode vif = withVif.get("vifs").get(0);
        assertThat(vif.get("mac").asText()).isEqualTo(attached.json().get("mac").asText());
        assertThat(vif.get("address").asText()).isEqualTo(attached.json().get("address").asText());
        assertThat(vif.get("project").asText()).isEqualTo("p1");
        assertThat(vif.get("vlan").asInt()).isEqualTo(attached.json().get("vlan").asInt());
        JsonNode haltedVm = find(items, (String) sim.record(halted).get("uuid"));
        assertThat(haltedVm.get("name").asText()).isEqualTo("zz-halted");
        assertThat(haltedVm.get("power_state").asText()).isEqualTo("Halted");
        assertThat(haltedVm.get("host").isNull()).isTrue();
        assertThat(haltedVm.get("vifs")).isEmpty();
        assertThat(items.get(items.size() - 1).get("name").asText()).as("by name").isEqualTo("zz-halted");
        assertThat(r.text()).doesNotContain("Control domain");
    }

    @Test
    void inventory_isForAdmins_ofRegisteredPools_andAPoolThatCannotBeReachedSaysWhy() throws Exception {
        assertThat(api.get(api.p1, "/v1/pools/lab/vms").status()).isEqualTo(403);
        assertThat(api.get(api.p1, "/v1/pools/lab/hosts").status()).isEqualTo(403);
        assertThat(api.get(api.admin, "/v1/pools/nope/vms").status()).isEqualTo(404);
        assertThat(api.get(api.admin, "/v1/pools/nope/hosts").status()).isEqualTo(404);

        assertThat(api.addPool("wrong", sim.url(), "not-the-password", false).status()).isEqualTo(201);
        ApiFixture.Reply refused = api.get(api.admin, "/v1/pools/wrong/vms");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().get("code").asText()).isEqualTo("backend_failure");
        assertThat(refused.json().get("details").get("error_code").asText()).isEqualTo("SESSION_AUTHENTICATION_FAILED");

        ApiFixture.Reply listed = api.get(api.admin, "/v1/pools?hosts=true");
        JsonNode wrong = find(listed.json().get("items"), "wrong");
        assertThat(wrong.get("hosts")).isEmpty();
        assertThat(wrong.get("error").get("code").asText()).isEqualTo("backend_failure");
        assertThat(wrong.get("error").get("message").asText()).contains("SESSION_AUTHENTICATION_FAILED");
        assertThat(find(listed.json().get("items"), "lab").get("hosts")).hasSize(3);
    }

    private static JsonNode find(JsonNode items, String uuidOrName) {
        for (JsonNode item : items) {
            if (uuidOrName.equals(item.path("uuid").asText()) || uuidOrName.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError(uuidOrName + " not in " + items);
    }
}
