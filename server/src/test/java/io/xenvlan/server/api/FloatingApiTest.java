package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/floating-pools}, {@code /v1/floating-ips} and {@code /v1/floating-rules} against a real server, with the scope rule. */
class FloatingApiTest {
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.h2();
        api.twoNetworks();
        assertThat(api.put(api.admin, "/v1/projects/p2/network", null).status()).isEqualTo(200);
        created(api.admin, "/v1/floating-pools", "{\"pool\":\"public\",\"range\":\"203.0.113.0/24\",\"interface\":\"pub0\"}");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode created(String token, String path, String body) {
        ApiFixture.Reply r = api.post(token, path, body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json();
    }

    private String fixedOf(String token, String project, String vm) {
        return created(token, "/v1/addresses", "{\"project\":\"" + project + "\",\"instance\":\"" + vm + "\"}").get("address").asText();
    }

    private String allocate(String token, String project) {
        return created(token, "/v1/floating-ips", "{\"project\":\"" + project + "\"}").get("address").asText();
    }

    private static void assertError(ApiFixture.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void pools_adminMakesAndDeletes_everyoneSees_badRangesNamed() {
        assertError(api.post(api.p1, "/v1/floating-pools", "{\"pool\":\"mine\",\"range\":\"198.51.100.0/24\"}"), 403, "forbidden");
        ApiFixture.Reply overlap = api.post(api.admin, "/v1/floating-pools", "{\"pool\":\"inner\",\"range\":\"10.20.0.0/25\"}");
        assertError(overlap, 409, "conflict");
        assertThat(overlap.json().get("details").get("field").asText()).isEqualTo("range");
        ApiFixture.Reply big = api.post(api.admin, "/v1/floating-pools", "{\"pool\":\"big\",\"range\":\"198.18.0.0/15\"}");
        assertError(big, 400, "invalid_input");
        assertThat(big.json().get("details").get("field").asText()).isEqualTo("range");

        JsonNode pools = api.get(api.p1, "/v1/floating-pools").json();
        assertThat(pools.get("items").get(0).get("pool").asText()).isEqualTo("public");
        assertThat(pools.get("items").get(0).get("interface").asText()).isEqualTo("pub0");
        assertThat(pools.get("items").get(0).get("usable").asInt()).isEqualTo(254);

        String fip = allocate(api.p1, "p1");
        assertError(api.delete(api.admin, "/v1/floating-pools/public"), 409, "conflict");
        assertThat(api.delete(api.p1, "/v1/floating-ips/" + fip).status()).isEqualTo(200);
        assertError(api.delete(api.p1, "/v1/floating-pools/public"), 403, "forbidden");
        assertThat(api.delete(api.admin, "/v1/floating-pools/public").status()).isEqualTo(200);
        assertThat(api.get(api.admin, "/v1/floating-pools").json().get("total").asInt()).isZero();
    }

    @Test
    void allocate_withinTheProject_untilTheQuota() {
        assertError(api.post(api.p1, "/v1/floating-ips", "{\"project\":\"p2\"}"), 403, "forbidden");
        for (int i = 0; i < 10; i++) {
            allocate(api.p1, "p1");
        }
        ApiFixture.Reply over = api.post(api.p1, "/v1/floating-ips", "{\"project\":\"p1\"}");
        assertError(over, 422, "exhausted");
        assertThat(over.json().get("message").asText()).contains("its quota is 10");
        allocate(api.admin, "p2");

        assertThat(api.get(api.p1, "/v1/floating-ips").json().get("total").asInt()).isEqualTo(10);
        assertThat(api.get(api.admin, "/v1/floating-ips?project=p2").json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get(api.admin, "/v1/floating-ips?pool=public").json().get("total").asInt()).isEqualTo(11);
        assertError(api.get(api.p2, "/v1/floating-ips?project=p1"), 403, "forbidden");
    }

    @Test
    void associate_moves_andSaysSo_acrossProjectsForbidden() {
        String one = fixedOf(api.p1, "p1", "vm-1");
        String two = fixedOf(api.p1, "p1", "vm-2");
        String theirs = fixedOf(api.p2, "p2", "vm-9");
        String fip = allocate(api.p1, "p1");

        ApiFixture.Reply first = api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"vm\":\"vm-1\"}");
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        assertThat(first.json().get("fixed_address").asText()).isEqualTo(one);
        assertThat(first.json().get("state").asText()).isEqualTo("associated");
        assertThat(first.json().get("moved_from").isNull()).isTrue();
        ApiFixture.Reply moved = api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"fixed_address\":\"" + two + "\"}");
        assertThat(moved.json().get("moved_from").asText()).isEqualTo(one);
        assertThat(moved.json().get("fixed_address").asText()).isEqualTo(two);

        assertError(api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"fixed_address\":\"" + theirs + "\"}"), 403, "forbidden");
        assertError(api.post(api.admin, "/v1/floating-ips/" + fip + "/associate", "{\"vm\":\"vm-9\"}"), 403, "forbidden");
        assertError(api.post(api.p2, "/v1/floating-ips/" + fip + "/associate", "{\"vm\":\"vm-9\"}"), 403, "forbidden");
        assertError(api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"vm\":\"vm-1\",\"fixed_address\":\"" + one + "\"}"),
                400, "invalid_input");
        assertError(api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"vm\":\"vm-1\",\"port\":1}"), 400, "invalid_input");
        assertThat(api.get(api.p1, "/v1/floating-ips/" + fip).json().get("fixed_address").asText()).isEqualTo(two);
    }

    @Test
    void disassociateAndRelease_scopedToTheOwner_unknownOnes403ForProjects404ForAdmins() {
        String fixed = fixedOf(api.p1, "p1", "vm-1");
        String fip = allocate(api.p1, "p1");
        api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"fixed_address\":\"" + fixed + "\"}");

        assertError(api.post(api.p2, "/v1/floating-ips/" + fip + "/disassociate", null), 403, "forbidden");
        assertError(api.delete(api.p2, "/v1/floating-ips/" + fip), 403, "forbidden");
        assertError(api.get(api.p2, "/v1/floating-ips/203.0.113.200"), 403, "forbidden");
        assertError(api.get(api.admin, "/v1/floating-ips/203.0.113.200"), 404, "not_found");
        assertError(api.get(api.admin, "/v1/floating-ips/not-an-address"), 400, "invalid_input");

        ApiFixture.Reply off = api.post(api.p1, "/v1/floating-ips/" + fip + "/disassociate", null);
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(off.json().get("state").asText()).isEqualTo("allocated");
        assertError(api.post(api.p1, "/v1/floating-ips/" + fip + "/disassociate", null), 409, "conflict");
        api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"fixed_address\":\"" + fixed + "\"}");
        ApiFixture.Reply released = api.delete(api.p1, "/v1/floating-ips/" + fip);
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().get("fixed_address").asText()).isEqualTo(fixed);
        assertError(api.get(api.admin, "/v1/floating-ips/" + fip), 404, "not_found");
    }

    @Test
    void rules_addListDelete_perProject() {
        JsonNode ssh = created(api.p1, "/v1/floating-rules", "{\"project\":\"p1\",\"protocol\":\"tcp\",\"port\":\"22\"}");
        created(api.p2, "/v1/floating-rules", "{\"project\":\"p2\",\"protocol\":\"icmp\",\"from\":\"198.51.100.0/24\"}");
        assertThat(ssh.get("from").asText()).isEqualTo("0.0.0.0/0");
        assertError(api.post(api.p1, "/v1/floating-rules", "{\"project\":\"p1\",\"protocol\":\"sctp\"}"), 400, "invalid_input");
        assertError(api.post(api.p1, "/v1/floating-rules", "{\"project\":\"p1\",\"protocol\":\"tcp\",\"port\":\"22\"}"), 409, "conflict");
        assertError(api.post(api.p1, "/v1/floating-rules", "{\"project\":\"p2\",\"protocol\":\"tcp\"}"), 403, "forbidden");

        assertThat(api.get(api.p1, "/v1/floating-rules").json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get(api.admin, "/v1/floating-rules").json().get("total").asInt()).isEqualTo(2);
        assertError(api.delete(api.p2, "/v1/floating-rules/" + ssh.get("id").asLong()), 403, "forbidden");
        assertThat(api.delete(api.p1, "/v1/floating-rules/" + ssh.get("id").asLong()).status()).isEqualTo(200);
        assertError(api.delete(api.admin, "/v1/floating-rules/" + ssh.get("id").asLong()), 404, "not_found");
    }

    @Test
    void metrics_countEachPoolsAddressesByState() {
        String fixed = fixedOf(api.p1, "p1", "vm-1");
        String fip = allocate(api.p1, "p1");
        allocate(api.p1, "p1");
        api.post(api.p1, "/v1/floating-ips/" + fip + "/associate", "{\"fixed_address\":\"" + fixed + "\"}");

        String metrics = api.get(null, "/metrics").text();
        assertThat(metrics).contains("xenvlan_floating_ips{pool=\"public\",state=\"associated\"} 1.0",
                "xenvlan_floating_ips{pool=\"public\",state=\"allocated\"} 1.0",
                "xenvlan_floating_ips{pool=\"public\",state=\"free\"} 252.0");
    }
}
