package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.h2();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void everyRegisteredRoute_isInTheDocument() {
        ApiFixture.Reply r = api.get(null, "/v1/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(api.server.routes()).isNotEmpty();
        for (ApiServer.Route route : api.server.routes()) {
            JsonNode path = doc.get("paths").get(route.path());
            assertThat(path).as("path %s in openapi.json", route.path()).isNotNull();
            assertThat(path.get(route.method().toLowerCase(Locale.ROOT)))
                    .as("%s %s in openapi.json", route.method(), route.path()).isNotNull();
        }
    }

    @Test
    void everyDocumentedOperation_isARegisteredRoute() {
        JsonNode paths = api.get(null, "/v1/openapi.json").json().get("paths");
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                assertThat(api.server.routes()).as("%s %s is served", method, path.getKey())
                        .contains(new ApiServer.Route(method.toUpperCase(Locale.ROOT), path.getKey()))));
    }
}
