package io.xenvlan.server.api;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.concurrent.Closer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auto-assignment on attach ({@code network create --auto-floating}, {@code floating.auto-assign}):
 * every attach gets a floating IP associated with its new address, released again on detach; an
 * attach that cannot get one fails whole, leaving no address and no VIF behind.
 */
class FloatingAutoAssignApiTest {
    private ApiFixture api;
    private PoolSimulator sim;
    private List<String> vms;
    private final Closer closing = new Closer("test");

    @BeforeEach
    void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(1).vms(3).port(0).failedLoginDelay(Duration.ZERO).build());
        vms = sim.guests().values().stream().filter(vm -> "Running".equals(vm.get("power_state")))
                .map(vm -> (String) vm.get("uuid")).sorted().toList();
        api = ApiFixture.h2();
        Files.writeString(api.poolSecrets.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD + "\n");
        created("/v1/pools", "{\"name\":\"lab\",\"url\":\"" + sim.url() + "\",\"user\":\"root\",\"password_source\":\"file:"
                + api.poolSecrets.resolve("lab.password") + "\"}");
        created("/v1/floating-pools", "{\"pool\":\"public\",\"range\":\"203.0.113.0/30\",\"interface\":\"pub0\"}");
    }

    @AfterEach
    void stop() throws Exception {
        closing.close();
        api.close();
        sim.close();
    }

    private JsonNode created(String path, String body) {
        ApiFixture.Reply r = api.post(api.admin, path, body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    private ApiFixture.Reply attach(String vm) {
        return api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vm + "\"}");
    }

    @Test
    void autoFloatingNetwork_attachGetsAFloatingIp_detachReleasesIt_anAttachWithoutOneFailsWhole() {
        created("/v1/networks", "{\"label\":\"auto\",\"cidr\":\"10.90.0.0/23\",\"num_networks\":2,\"network_size\":256,\"auto_floating\":true}");

        ApiFixture.Reply first = attach(vms.get(0));
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(first.json().get("floating_ip").asText()).isEqualTo("203.0.113.1");
        JsonNode fip = api.get(api.p1, "/v1/floating-ips/203.0.113.1").json();
        assertThat(fip.get("fixed_address").asText()).isEqualTo(first.json().get("address").asText());
        assertThat(fip.get("auto_assigned").asBoolean()).isTrue();

        ApiFixture.Reply detached = api.delete(api.p1, "/v1/pools/lab/vms/" + vms.get(0) + "/vifs");
        assertThat(detached.status()).as(detached.text()).isEqualTo(200);
        assertThat(api.get(api.admin, "/v1/floating-ips/203.0.113.1").status()).as("released with the address").isEqualTo(404);

        // the pool has two addresses: one for the next attach, one held by hand; the third attach finds none
        assertThat(attach(vms.get(0)).status()).isEqualTo(201);
        created("/v1/floating-ips", "{\"project\":\"p1\"}");
        int vifsBefore = sim.records("VIF").size();
        ApiFixture.Reply refused = attach(vms.get(1));
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("exhausted");
        assertThat(sim.records("VIF")).as("no VIF made").hasSize(vifsBefore);
        assertThat(api.get(api.admin, "/v1/addresses").json().get("items")).as("its address released")
                .extracting(a -> a.get("instance").asText()).containsExactly(vms.get(0));
        assertThat(api.get(api.admin, "/v1/vifs").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void networkWithoutTheFlag_attachGetsNone_unlessTheServerSettingAssignsEverywhere() {
        created("/v1/networks", "{\"label\":\"plain\",\"cidr\":\"10.90.0.0/23\",\"num_networks\":2,\"network_size\":256}");
        ApiFixture.Reply plain = attach(vms.get(0));
        assertThat(plain.status()).as(plain.text()).isEqualTo(201);
        assertThat(plain.json().has("floating_ip")).isFalse();

        ApiServices everywhere = ServiceWiring.api(api.store, new ServerMetrics(), Clock.systemUTC(), api.poolSecrets, closing,
                Duration.ZERO, new FloatingConfig(1, true));
        AttachedVif auto = everywhere.compute().attachments().attach(ProjectId.of("p1"), PoolName.of("lab"), InstanceId.of(vms.get(1)), OptionalLong.empty());
        assertThat(auto.floatingIp()).hasValueSatisfying(f -> assertThat(f.toString()).isEqualTo("203.0.113.1"));
        assertThatThrownBy(() -> everywhere.compute().attachments().attach(ProjectId.of("p1"), PoolName.of("lab"), InstanceId.of(vms.get(2)), OptionalLong.empty()))
                .as("the setting's quota of 1").isInstanceOf(ExhaustedException.class);
    }
}
