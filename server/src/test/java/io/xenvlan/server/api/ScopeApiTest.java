package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a project token may touch of other projects: nothing, and the answer never tells whether it exists. */
class ScopeApiTest {
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.h2();
        api.twoNetworks();
        assertThat(api.put(api.admin, "/v1/projects/p2/network", null).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void associatingAnotherProjectsNetworkOrANonexistentOne_isTheSame403() {
        String p2Network = api.get(api.admin, "/v1/projects/p2/network").json().get("label").asText();
        ApiFixture.Reply others = api.put(api.p1, "/v1/projects/p1/network", "{\"network\":\"" + p2Network + "\"}");
        ApiFixture.Reply missing = api.put(api.p1, "/v1/projects/p1/network", "{\"network\":\"no-such-network\"}");
        assertThat(others.status()).as(others.text()).isEqualTo(403);
        assertThat(missing.status()).as(missing.text()).isEqualTo(403);
        assertThat(others.json()).isEqualTo(missing.json());
        assertThat(others.text()).doesNotContain("p2");
        assertThat(api.get(api.admin, "/v1/projects/p2/network").json().get("label").asText()).isEqualTo(p2Network);
    }

    @Test
    void releasingByInstance_touchesOnlyTheCallersOwnInstance() {
        assertThat(api.post(api.p1, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-1\"}").status()).isEqualTo(201);
        ApiFixture.Reply p2 = api.post(api.p2, "/v1/addresses", "{\"project\":\"p2\",\"instance\":\"vm-1\"}");
        assertThat(p2.status()).isEqualTo(201);
        String p2Address = p2.json().get("address").asText();

        ApiFixture.Reply released = api.delete(api.p1, "/v1/instances/vm-1/addresses");
        assertThat(released.status()).as(released.text()).isEqualTo(200);
        assertThat(released.json().get("items")).hasSize(1);
        assertThat(released.json().get("items").get(0).get("address").asText()).isNotEqualTo(p2Address);

        JsonNode p2Held = api.get(api.p2, "/v1/addresses").json().get("items");
        assertThat(p2Held).anySatisfy(ip -> {
            assertThat(ip.get("address").asText()).isEqualTo(p2Address);
            assertThat(ip.get("allocated").asBoolean()).isTrue();
        });
    }

    @Test
    void anotherProjectsInstanceAndANonexistentOne_areTheSame403() {
        assertThat(api.post(api.p2, "/v1/addresses", "{\"project\":\"p2\",\"instance\":\"p2-only\"}").status()).isEqualTo(201);
        ApiFixture.Reply others = api.delete(api.p1, "/v1/instances/p2-only/addresses");
        ApiFixture.Reply missing = api.delete(api.p1, "/v1/instances/nobody/addresses");
        assertThat(others.status()).isEqualTo(403);
        assertThat(missing.status()).isEqualTo(403);
        assertThat(others.json()).isEqualTo(missing.json());
        assertThat(api.get(api.p2, "/v1/addresses").json().get("items")).hasSize(1);
    }
}
