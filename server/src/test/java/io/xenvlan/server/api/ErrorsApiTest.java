package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every error status of the API, each as {code, message, details}. The tests share one server,
 * as refused requests change nothing; the few that change the store get a server of their own.
 */
class ErrorsApiTest {
    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = own();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A server with two networks, p1 owning the first. */
    private static ApiFixture own() {
        ApiFixture fixture = ApiFixture.h2();
        fixture.twoNetworks();
        return fixture;
    }

    private void assertError(ApiFixture.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(r.json().has("details")).isTrue();
    }

    @Test
    void malformedJson_400() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\": ");
        assertError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("body");
    }

    @Test
    void unknownField_400NamingIt() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.9.0.0/24\",\"colour\":\"red\"}");
        assertError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("colour");
        assertThat(r.json().get("details").get("rule").asText()).isEqualTo("unknown-field");
    }

    @Test
    void wrongType_400NamingTheField() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.9.0.0/24\",\"num_networks\":\"2\"}");
        assertError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("num_networks");

        ApiFixture.Reply label = api.post(api.admin, "/v1/networks", "{\"label\":7,\"cidr\":\"10.9.0.0/24\"}");
        assertThat(label.json().get("details").get("field").asText()).isEqualTo("label");
    }

    @Test
    void hugeNumber_400NamingTheField() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.9.0.0/24\",\"mtu\":99999999999999}");
        assertError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("mtu");
    }

    @Test
    void domainRule_400NamingTheField() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.9.0.1/24\"}");
        assertError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("cidr");
    }

    @Test
    void missingRequiredField_400() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"cidr\":\"10.9.0.0/24\"}");
        assertError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("label");
    }

    @Test
    void bodyOverTheLimit_413() {
        String big = "{\"label\":\"" + "a".repeat(70_000) + "\",\"cidr\":\"10.9.0.0/24\"}";
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", big);
        assertError(r, 413, "invalid_input");
        assertThat(r.json().get("details").get("rule").asText()).isEqualTo("max-size");
    }

    @Test
    void badQueryParameter_400() {
        assertError(api.get(api.admin, "/v1/networks?limit=0"), 400, "invalid_input");
        assertError(api.get(api.admin, "/v1/networks?offset=x"), 400, "invalid_input");
    }

    @Test
    void noOrUnknownToken_401() {
        assertError(api.get(null, "/v1/networks"), 401, "unauthorized");
        assertError(api.get("xv_not-a-real-token", "/v1/networks"), 401, "unauthorized");
        assertError(api.get(null, "/v1/no-such-route"), 401, "unauthorized");
    }

    @Test
    void projectTokenOutsideItsScope_403WhetherItExistsOrNot() {
        ApiFixture.Reply existing = api.get(api.p2, "/v1/networks/net_1");
        ApiFixture.Reply missing = api.get(api.p2, "/v1/networks/no-such-net");
        assertError(existing, 403, "forbidden");
        assertError(missing, 403, "forbidden");
        assertThat(existing.json()).isEqualTo(missing.json());
        assertError(api.post(api.p1, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.9.0.0/24\"}"), 403, "forbidden");
        assertError(api.put(api.p1, "/v1/projects/p2/network", null), 403, "forbidden");
        assertError(api.post(api.p2, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm\"}"), 403, "forbidden");
    }

    @Test
    void projectTokenSeesOnlyItsNetworks() {
        assertThat(api.get(api.p1, "/v1/networks").json().get("items")).extracting(n -> n.get("label").asText())
                .containsExactly("net_1");
        assertThat(api.get(api.p2, "/v1/networks").json().get("total").asInt()).isZero();
        assertThat(api.get(api.p1, "/v1/networks/net_1").status()).isEqualTo(200);
    }

    @Test
    void projectTokenCannotReleaseAnotherProjectsAddress_403() {
        try (ApiFixture api = own()) {
            String address = api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-1\"}").json().get("address").asText();
            assertError(api.delete(api.p2, "/v1/addresses/" + address), 403, "forbidden");
            assertError(api.delete(api.p2, "/v1/instances/vm-1/addresses"), 403, "forbidden");
            assertThat(api.get(api.p1, "/v1/addresses").json().get("total").asInt()).isEqualTo(1);
        }
    }

    @Test
    void unknownThings_404ForAdmins() {
        assertError(api.get(api.admin, "/v1/networks/nope"), 404, "not_found");
        assertError(api.get(api.admin, "/v1/projects/p9/network"), 404, "not_found");
        assertError(api.get(api.admin, "/v1/no-such-route"), 404, "not_found");
    }

    @Test
    void overlapAndDeleteInUse_409() {
        try (ApiFixture api = own()) {
            assertError(api.post(api.admin, "/v1/networks", "{\"label\":\"dup\",\"cidr\":\"10.20.0.0/24\"}"), 409, "conflict");
            api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-1\"}");
            assertError(api.delete(api.admin, "/v1/networks/net_1"), 409, "conflict");
        }
    }

    @Test
    void noFreeNetwork_422() {
        try (ApiFixture api = own()) {
            api.put(api.admin, "/v1/projects/p2/network", null);
            assertError(api.post(api.admin, "/v1/addresses", "{\"project\":\"p3\",\"instance\":\"vm\"}"), 422, "exhausted");
        }
    }

    @Test
    void databaseGone_502AndUnhealthy() {
        try (ApiFixture api = own()) {
            api.store.close();
            ApiFixture.Reply r = api.get(api.admin, "/v1/networks");
            // the token is cached, so the request reaches the store, which fails as a backend
            assertError(r, 502, "backend_failure");
            assertThat(r.json().get("details").get("backend").asText()).isEqualTo("database");
            ApiFixture.Reply health = api.get(null, "/healthz");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.text()).isEqualTo("{\"status\":\"unavailable\"}");
        }
    }
}
