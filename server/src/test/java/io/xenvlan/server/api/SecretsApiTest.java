package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pool credentials over the API: where they may come from, and what a project token sees of them. */
class SecretsApiTest {
    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.h2();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private ApiFixture.Reply addPool(String url, String source) {
        // registered offline: these tests are about which secrets the server reads, not about logging in
        return api.post(api.admin, "/v1/pools", "{\"name\":\"p\",\"url\":\"" + url + "\",\"user\":\"root\",\"password_source\":\""
                + source + "\",\"verify\":false}");
    }

    @Test
    void aSymlinkToAFileOfTheServer_isRefused() throws Exception {
        Path link = Files.createSymbolicLink(api.poolSecrets.resolve("host.password"), Path.of("/etc/hostname"));
        ApiFixture.Reply r = addPool("http://127.0.0.1:1", "file:" + link);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("password_source");
        assertThat(api.get(api.admin, "/v1/pools").json().get("total").asInt()).isZero();
    }

    @Test
    void anEmptyEnvironmentSuffix_isRefused() {
        ApiFixture.Reply r = addPool("http://127.0.0.1:1", "env:XENVLAN_POOL_");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("password_source");
    }

    @Test
    void aUrlWithCredentials_isRefusedAndNotEchoed() {
        ApiFixture.Reply r = addPool("http://root:hunter2@127.0.0.1:1", "env:XENVLAN_POOL_P");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("url");
        assertThat(r.json().get("message").asText()).contains("password_source").doesNotContain("hunter2");
    }

    @Test
    void aProjectToken_seesNoSecretOfAPool() {
        assertThat(addPool("http://127.0.0.1:1", "env:XENVLAN_POOL_NOT_SET_ANYWHERE").status()).isEqualTo(201);
        String admin = api.get(api.admin, "/v1/pools?hosts=true").text();
        String project = api.get(api.p1, "/v1/pools?hosts=true").text() + api.get(api.p1, "/v1/pools/p").text();
        assertThat(admin).contains("XENVLAN_POOL_NOT_SET_ANYWHERE");
        assertThat(project).contains("\"name\":\"p\"").doesNotContain("XENVLAN_POOL").doesNotContain("root")
                .doesNotContain("password");
    }
}
