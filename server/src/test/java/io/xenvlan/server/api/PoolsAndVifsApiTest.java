package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pools and VIFs through the API against the XenAPI simulator over HTTP. */
class PoolsAndVifsApiTest {
    @TempDir
    Path dir;

    private ApiFixture api;
    private PoolSimulator sim;
    private List<String> vms;

    @BeforeEach
    void start() throws Exception {
        // a wrong password (xenApiFailure_502WithItsCode) is answered at once, not after xapi's 5 s
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(3).vms(4).port(0).failedLoginDelay(Duration.ZERO).build());
        vms = sim.guests().values().stream()
                .filter(vm -> "Running".equals(vm.get("power_state")))
                .map(vm -> (String) vm.get("uuid")).sorted().toList();
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
    void pools_listShowsHostsAndNeverCredentials() {
        ApiFixture.Reply r = api.get(api.admin, "/v1/pools?hosts=true");
        assertThat(r.status()).isEqualTo(200);
        JsonNode pool = r.json().get("items").get(0);
        assertThat(pool.get("name").asText()).isEqualTo("lab");
        assertThat(pool.get("hosts")).hasSize(3);
        assertThat(r.text()).doesNotContain("root").doesNotContain("password").doesNotContain("lab.password")
                .doesNotContain(SimulatorConfig.DEFAULT_PASSWORD);
        assertThat(api.post(api.admin, "/v1/pools", "{\"name\":\"lab\",\"url\":\"http://x\",\"user\":\"u\",\"password_source\":\"env:XENVLAN_POOL_X\"}")
                .status()).isEqualTo(409);
        assertThat(api.post(api.p1, "/v1/pools", "{\"name\":\"p\",\"url\":\"http://x\",\"user\":\"u\",\"password_source\":\"env:XENVLAN_POOL_X\"}")
                .status()).isEqualTo(403);
        assertThat(api.post(api.admin, "/v1/pools", "{\"name\":\"p\",\"url\":\"http://x\",\"user\":\"u\",\"password\":\"secret\"}")
                .json().get("details").get("field").asText()).isEqualTo("password");
    }

    @Test
    void pools_passwordSourcesOutsideTheSecretsAreRefused() {
        for (String source : new String[] {"file:/etc/shadow", "env:XENVLAN_DB_PASSWORD", "env:HOME",
                "file:" + api.poolSecrets + "/../x", "file:relative.password"}) {
            ApiFixture.Reply r = api.post(api.admin, "/v1/pools", "{\"name\":\"p\",\"url\":\"http://127.0.0.1:1\",\"user\":\"u\","
                    + "\"password_source\":\"" + source + "\"}");
            assertThat(r.status()).as(source).isEqualTo(400);
            assertThat(r.json().get("details").get("field").asText()).isEqualTo("password_source");
        }
        assertThat(api.post(api.admin, "/v1/pools", "{\"name\":\"p\",\"url\":\"http://127.0.0.1:1\",\"user\":\"u\","
                + "\"password_source\":\"env:XENVLAN_POOL_P\",\"verify\":false}").status()).isEqualTo(201);
    }

    @Test
    void attach_listShowDetach() {
        ApiFixture.Reply a = api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}");
        assertThat(a.status()).as(a.text()).isEqualTo(201);
        JsonNode vif = a.json();
        assertThat(vif.get("vlan").asInt()).isEqualTo(100);
        assertThat(vif.get("address").asText()).isEqualTo("10.90.0.3");
        assertThat(vif.get("plugged").asBoolean()).isTrue();
        assertThat(vif.get("network_ref").asText()).startsWith("OpaqueRef:");
        assertThat(sim.records("VIF").values()).anySatisfy(v -> assertThat(v.get("MAC")).isEqualTo(vif.get("mac").asText()));
        // one compute operation, made of the single XenAPI requests the simulator saw
        assertThat(api.get(null, "/metrics").text())
                .contains("xenvlan_compute_operations_total{error=\"none\",operation=\"attachVif\"} 1.0")
                .contains("xenvlan_xenapi_calls_total{error=\"none\",method=\"VIF.plug\"} " + sim.stats().calls("VIF.plug") + ".0")
                .contains("xenvlan_xenapi_calls_total{error=\"none\",method=\"VIF.create\"} " + sim.stats().calls("VIF.create") + ".0");

        api.post(api.p2, "/v1/vifs", "{\"project\":\"p2\",\"pool\":\"lab\",\"vm\":\"" + vms.get(1) + "\"}");
        assertThat(api.get(api.admin, "/v1/vifs").json().get("total").asInt()).isEqualTo(2);
        assertThat(api.get(api.p1, "/v1/vifs").json().get("items")).extracting(v -> v.get("vm").asText()).containsExactly(vms.get(0));
        assertThat(api.get(api.p1, "/v1/vifs/" + vif.get("uuid").asText()).json().get("address").asText()).isEqualTo("10.90.0.3");
        assertThat(api.get(api.p2, "/v1/vifs/" + vif.get("uuid").asText()).status()).isEqualTo(403);
        assertThat(api.get(api.p2, "/v1/vifs/" + java.util.UUID.randomUUID()).status()).isEqualTo(403);
        assertThat(api.get(api.admin, "/v1/vifs/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.delete(api.p2, "/v1/pools/lab/vms/" + vms.get(0) + "/vifs").status()).isEqualTo(403);
        assertThat(api.delete(api.admin, "/v1/pools/lab").status()).isEqualTo(409);

        ApiFixture.Reply d = api.delete(api.p1, "/v1/pools/lab/vms/" + vms.get(0) + "/vifs");
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        assertThat(d.json().get("detached").get(0).get("address").asText()).isEqualTo("10.90.0.3");
        assertThat(d.json().get("message").asText()).startsWith("detached 1 VIF");
        assertThat(api.get(api.admin, "/v1/vifs").json().get("total").asInt()).isEqualTo(1);
        assertThat(sim.records("VIF").values()).noneSatisfy(v -> assertThat(v.get("MAC")).isEqualTo(vif.get("mac").asText()));
    }

    @Test
    void audit_reportsDriftAndRepairRestoresTheVlanPifs() throws Exception {
        assertThat(api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}").status())
                .isEqualTo(201);
        assertThat(api.get(api.admin, "/v1/pools/lab/audit").json().get("items")).isEmpty();
        String lostHost = PoolDrift.destroyOneVlanPif(sim, 100);
        sim.addHost("host4");
        sim.createNetwork("br100", "");

        ApiFixture.Reply audit = api.get(api.admin, "/v1/pools/lab/audit");

        assertThat(audit.status()).as(audit.text()).isEqualTo(200);
        assertThat(audit.json().get("pool").asText()).isEqualTo("lab");
        assertThat(audit.json().get("items")).extracting(d -> d.get("kind").asText() + " " + d.get("host").asText() + " "
                + d.get("repairable").asBoolean()).containsExactlyInAnyOrder("VLAN_PIF_MISSING " + lostHost + " true",
                "VLAN_PIF_MISSING host4 true", "DUPLICATE_NETWORK  false");
        assertThat(api.get(api.p1, "/v1/pools/lab/audit").status()).isEqualTo(403);
        assertThat(api.post(api.p1, "/v1/pools/lab/audit/repair", "{}").status()).isEqualTo(403);
        assertThat(api.get(api.admin, "/v1/pools/nope/audit").status()).isEqualTo(404);

        ApiFixture.Reply repaired = api.post(api.admin, "/v1/pools/lab/audit/repair", "{}");

        assertThat(repaired.status()).as(repaired.text()).isEqualTo(200);
        assertThat(repaired.json().get("items")).singleElement().satisfies(d -> {
            assertThat(d.get("kind").asText()).isEqualTo("DUPLICATE_NETWORK");
            assertThat(d.get("network").asText()).isEqualTo("br100");
        });
        assertThat(PoolDrift.hostsWithVlan(sim, 100)).hasSize(4);
    }

    @Test
    void poolWithAWrongPassword_isRefusedAtRegistration_andAnAttachOnOneRegisteredOfflineIs502WithItsCode() throws Exception {
        Files.writeString(api.poolSecrets.resolve("bad.password"), "not-the-password-9f3\n");
        String body = "{\"name\":\"badpw\",\"url\":\"" + sim.url() + "\",\"user\":\"root\","
                + "\"password_source\":\"file:" + api.poolSecrets.resolve("bad.password") + "\"";
        ApiFixture.Reply refused = api.post(api.admin, "/v1/pools", body + "}");
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.json().get("details").get("field").asText()).isEqualTo("password");
        assertThat(refused.text()).doesNotContain("not-the-password-9f3");
        assertThat(api.post(api.admin, "/v1/pools", body + ",\"verify\":false}").status()).isEqualTo(201);

        ApiFixture.Reply r = api.post(api.admin, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"badpw\",\"vm\":\"" + vms.get(0) + "\"}");

        assertThat(r.status()).as(r.text()).isEqualTo(502);
        assertThat(r.json().get("code").asText()).isEqualTo("backend_failure");
        assertThat(r.json().get("details").get("error_code").asText()).isEqualTo("SESSION_AUTHENTICATION_FAILED");
        assertThat(r.text()).doesNotContain("not-the-password-9f3");
        // nothing changed: the VM is checked before anything is allocated
        assertThat(api.get(api.admin, "/v1/addresses").json().get("total").asInt()).isZero();
        assertThat(api.get(api.admin, "/v1/projects/p1/network").status()).isEqualTo(404);
        assertThat(api.get(null, "/metrics").text())
                .contains("xenvlan_compute_operations_total{error=\"SESSION_AUTHENTICATION_FAILED\",operation=\"vm\"} 1.0")
                .contains("xenvlan_xenapi_calls_total{error=\"SESSION_AUTHENTICATION_FAILED\",method=\"session.login_with_password\"}")
                .contains("xenvlan_xenapi_call_seconds_bucket{method=\"session.login_with_password\"");
    }

    @Test
    void attachingAgain_answers200WithTheSameVif_aSecondNicIsAskedFor() {
        String body = "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"";
        ApiFixture.Reply first = api.post(api.p1, "/v1/vifs", body + "}");
        ApiFixture.Reply retried = api.post(api.p1, "/v1/vifs", body + "}");
        ApiFixture.Reply second = api.post(api.p1, "/v1/vifs", body + ",\"nic\":1}");

        assertThat(first.status()).as(first.text()).isEqualTo(201);
        assertThat(retried.status()).as(retried.text()).isEqualTo(200);
        for (String field : List.of("uuid", "mac", "address", "vif_ref", "device")) {
            assertThat(retried.json().get(field)).as(field).isEqualTo(first.json().get(field));
        }
        assertThat(retried.json().get("created").asBoolean()).isFalse();
        assertThat(second.status()).as(second.text()).isEqualTo(201);
        assertThat(second.json().get("nic").asInt()).isEqualTo(1);
        assertThat(second.json().get("address").asText()).isNotEqualTo(first.json().get("address").asText());
        assertThat(api.get(api.admin, "/v1/vifs").json().get("total").asInt()).isEqualTo(2);
        assertThat(api.post(api.p1, "/v1/vifs", body + ",\"rate_kbps\":0}").json().get("details").get("field").asText())
                .isEqualTo("rate_kbps");
    }

    @Test
    void guards_anAddressAVifHoldsAndANetworkWithVifs_are409NamingTheVif() {
        JsonNode vif = api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}").json();
        String uuid = vif.get("uuid").asText();

        ApiFixture.Reply release = api.delete(api.p1, "/v1/addresses/" + vif.get("address").asText());
        assertThat(release.status()).as(release.text()).isEqualTo(409);
        assertThat(release.json().get("details").get("vif").asText()).isEqualTo(uuid);
        assertThat(release.json().get("message").asText()).contains("detach");
        assertThat(api.delete(api.p1, "/v1/instances/" + vms.get(0) + "/addresses").status()).isEqualTo(409);
        ApiFixture.Reply disassociate = api.delete(api.p1, "/v1/projects/p1/network");
        assertThat(disassociate.status()).as(disassociate.text()).isEqualTo(409);
        assertThat(disassociate.json().get("message").asText()).contains(uuid);
        assertThat(api.delete(api.admin, "/v1/networks/" + vif.get("network").asText()).status()).isEqualTo(409);
        assertThat(api.get(api.admin, "/v1/addresses").json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void detachTwice_theSecondSaysThereIsNothingLeft() {
        api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}");
        assertThat(api.delete(api.p1, "/v1/pools/lab/vms/" + vms.get(0) + "/vifs").json().get("detached")).hasSize(1);

        ApiFixture.Reply again = api.delete(api.p1, "/v1/pools/lab/vms/" + vms.get(0) + "/vifs");

        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().get("detached")).isEmpty();
        assertThat(again.json().get("message").asText()).startsWith("nothing to detach");
    }

    @Test
    void detach_ofAVmIdThatIsNoInstanceId_is400NamingTheRule_andDetachesNothing() {
        api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}");

        ApiFixture.Reply bad = api.delete(api.p1, "/v1/pools/lab/vms/-" + vms.get(0) + "/vifs");

        assertThat(bad.status()).as(bad.text()).isEqualTo(400);
        assertThat(bad.json().get("details").get("field").asText()).isEqualTo("instance");
        assertThat(bad.json().get("details").get("rule").asText()).isEqualTo("instance-id");
        assertThat(api.get(api.p1, "/v1/vifs").json().get("items")).as("the VM keeps its VIF").hasSize(1);
    }

    @Test
    void anotherProjectsVm_is403ToAttach_whetherItExistsOrNot() {
        assertThat(api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}").status())
                .isEqualTo(201);

        ApiFixture.Reply theirs = api.post(api.p2, "/v1/vifs", "{\"project\":\"p2\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}");
        assertThat(theirs.status()).as(theirs.text()).isEqualTo(403);
        assertThat(api.delete(api.p2, "/v1/pools/lab/vms/" + java.util.UUID.randomUUID() + "/vifs").status()).isEqualTo(403);
        assertThat(api.get(api.admin, "/v1/projects/p2/network").status()).as("p2 got no network").isEqualTo(404);
        ApiFixture.Reply byAdmin = api.post(api.admin, "/v1/vifs", "{\"project\":\"p2\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0)
                + "\",\"nic\":1}");
        assertThat(byAdmin.status()).as(byAdmin.text()).isEqualTo(201);
    }

    @Test
    void attach_unknownPoolOrVm_404() {
        assertThat(api.post(api.admin, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"nope\",\"vm\":\"" + vms.get(0) + "\"}").status())
                .isEqualTo(404);
        ApiFixture.Reply r = api.post(api.admin, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + java.util.UUID.randomUUID() + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(404);
        assertThat(api.post(api.p2, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vms.get(0) + "\"}").status())
                .isEqualTo(403);
    }
}
