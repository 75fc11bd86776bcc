package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.guest.TestKeys;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /v1/vifs} with host name, SSH keys and user data; what show and user-data tell, to whom; detach forgets them. */
class GuestAttachApiTest {
    private static final String KEY = TestKeys.ed25519(7, "alice@laptop");
    private static final String USER_DATA = "#cloud-config\nruncmd: [touch /ok]\n";

    @TempDir
    Path dir;

    private ApiFixture api;
    private PoolSimulator sim;
    private List<String> vms;

    @BeforeEach
    void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(1).vms(4).port(0).failedLoginDelay(Duration.ZERO).build());
        vms = sim.guests().values().stream().map(vm -> (String) vm.get("uuid")).sorted().toList();
        // the largest user data (65,535 bytes) is 87,380 in base64: beyond the default http.max-body-bytes
        api = new ApiFixture(TestDatabase.h2(), HttpConfig.ephemeral().withMaxBodyBytes(128 * 1024), app -> { });
        api.post(api.admin, "/v1/networks", "{\"label\":\"net\",\"cidr\":\"10.91.0.0/23\",\"num_networks\":2,\"network_size\":256}");
        Files.writeString(api.poolSecrets.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD + "\n");
        assertThat(api.post(api.admin, "/v1/pools", "{\"name\":\"lab\",\"url\":\"" + sim.url() + "\",\"user\":\"root\","
                + "\"password_source\":\"file:" + api.poolSecrets.resolve("lab.password") + "\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        sim.close();
    }

    private ApiFixture.Reply attach(String token, String project, String vm, String guestFields) {
        return api.post(token, "/v1/vifs", "{\"project\":\"" + project + "\",\"pool\":\"lab\",\"vm\":\"" + vm + "\"" + guestFields + "}");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void attach_recordsHostnameKeysAndUserData_showNamesTheKeys_userDataOnlyWhenAsked_andOnlyToItsProject() {
        ApiFixture.Reply a = attach(api.p1, "p1", vms.get(0),
                ",\"hostname\":\"web\",\"public_keys\":[\"" + KEY + "\"],\"user_data\":\"" + base64(USER_DATA) + "\"");
        assertThat(a.status()).as(a.text()).isEqualTo(201);
        assertThat(a.json().get("hostname").asText()).isEqualTo("web");
        assertThat(a.json().get("public_keys")).extracting(JsonNode::asText).containsExactly("alice@laptop");
        assertThat(a.json().get("user_data_bytes").asInt()).isEqualTo(USER_DATA.length());
        assertThat(a.json().has("notice")).isFalse();
        String vif = a.json().get("uuid").asText();

        ApiFixture.Reply show = api.get(api.p1, "/v1/vifs/" + vif);
        assertThat(show.json().get("hostname").asText()).isEqualTo("web");
        assertThat(show.json().get("public_keys")).extracting(JsonNode::asText).containsExactly("alice@laptop");
        assertThat(show.text()).doesNotContain(base64(USER_DATA)).doesNotContain("runcmd");

        ApiFixture.Reply data = api.get(api.p1, "/v1/vifs/" + vif + "/user-data");
        assertThat(data.status()).isEqualTo(200);
        assertThat(new String(Base64.getDecoder().decode(data.json().get("user_data").asText()), StandardCharsets.UTF_8))
                .isEqualTo(USER_DATA);
        assertThat(api.get(api.p2, "/v1/vifs/" + vif + "/user-data").status()).isEqualTo(403);
        assertThat(api.get(api.admin, "/v1/vifs/" + vif + "/user-data").status()).isEqualTo(200);

        ApiFixture.Reply plain = attach(api.p1, "p1", vms.get(1), "");
        assertThat(plain.json().get("hostname").isNull()).isTrue();
        assertThat(api.get(api.p1, "/v1/vifs/" + plain.json().get("uuid").asText() + "/user-data").status()).isEqualTo(404);
    }

    @Test
    void attach_aHostnameTakenInTheNetworkGetsASuffix_andTheAttachSaysSo_anotherNetworkMayUseIt() {
        assertThat(attach(api.p1, "p1", vms.get(0), ",\"hostname\":\"db\"").json().get("hostname").asText()).isEqualTo("db");
        ApiFixture.Reply second = attach(api.p1, "p1", vms.get(1), ",\"hostname\":\"db\"");
        assertThat(second.json().get("hostname").asText()).isEqualTo("db-2");
        assertThat(second.json().get("notice").asText()).contains("'db' is taken").contains("'db-2'");
        ApiFixture.Reply other = attach(api.p2, "p2", vms.get(2), ",\"hostname\":\"db\"");
        assertThat(other.json().get("hostname").asText()).isEqualTo("db");
    }

    @Test
    void attach_badGuestInputNamesTheFieldAndAttachesNothing() {
        int vifsBefore = sim.records("VIF").size();
        String tooLarge = Base64.getEncoder().encodeToString(new byte[65_536]);
        ApiFixture.Reply[] refused = {
                attach(api.p1, "p1", vms.get(0), ",\"user_data\":\"" + tooLarge + "\""),
                attach(api.p1, "p1", vms.get(0), ",\"user_data\":\"not base64!\""),
                attach(api.p1, "p1", vms.get(0), ",\"public_keys\":[\"" + KEY + "\",\"ssh-rsa " + KEY.split(" ")[1] + "\"]"),
                attach(api.p1, "p1", vms.get(0), ",\"hostname\":\"Web Server\""),
        };
        assertThat(refused).extracting(r -> r.json().path("details").path("field").asText(r.text()))
                .containsExactly("user_data", "user_data", "public_keys[1]", "hostname");
        assertThat(refused).extracting(ApiFixture.Reply::status).containsOnly(400);
        assertThat(api.get(api.admin, "/v1/vifs").json().get("total").asInt()).isZero();
        assertThat(sim.records("VIF")).hasSize(vifsBefore);
        ApiFixture.Reply largest = attach(api.p1, "p1", vms.get(0),
                ",\"user_data\":\"" + Base64.getEncoder().encodeToString(new byte[65_535]) + "\"");
        assertThat(largest.status()).as(largest.text()).isEqualTo(201);
        assertThat(largest.json().get("user_data_bytes").asInt()).isEqualTo(65_535);
    }

    @Test
    void detach_forgetsTheProfile_theHostnameIsFreeAgain() {
        String vif = attach(api.p1, "p1", vms.get(0), ",\"hostname\":\"cache\",\"user_data\":\"" + base64("x") + "\"")
                .json().get("uuid").asText();
        assertThat(api.delete(api.p1, "/v1/pools/lab/vms/" + vms.get(0) + "/vifs").status()).isEqualTo(200);
        assertThat(api.get(api.admin, "/v1/vifs/" + vif + "/user-data").status()).isEqualTo(404);
        // its user data is gone from the store, not only out of sight
        assertThat(api.services.compute().guests().of(UUID.fromString(vif))).isEmpty();
        assertThat(attach(api.p1, "p1", vms.get(1), ",\"hostname\":\"cache\"").json().get("hostname").asText()).isEqualTo("cache");
    }
}
