package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that once gave 500, Jetty's HTML page, or changed the store: every one is now a JSON 4xx that names what was wrong. */
class HostileInputTest {
    private static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.h2();
        api.twoNetworks();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    record Raw(int status, Map<String, String> headers, JsonNode json) {}

    /** Sends {@code request} as written (no client fixes it up) and reads the whole answer. */
    private static Raw raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            String body = answer.substring(end + 4);
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, body.isEmpty() ? null : ApiFixture.JSON.readTree(body));
        }
    }

    private static void assertJsonError(Raw r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.headers().get("content-type")).startsWith("application/json");
        assertThat(r.headers()).containsKeys("x-request-id", "x-content-type-options", "content-security-policy", "referrer-policy");
        assertThat(r.json().get("code").asText()).isEqualTo(code);
        assertThat(r.json().get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("org.eclipse");
        assertThat(r.json().get("details").isObject()).isTrue();
    }

    private static void assertInvalid(ApiFixture.Reply r, int status, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().get("code").asText()).isEqualTo("invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo(field);
    }

    @Test
    void aThousandAndOneDigitNumber_is400NamingTheField() {
        String body = "{\"label\":\"x\",\"cidr\":\"10.9.0.0/24\",\"mtu\":" + "9".repeat(1001) + "}";
        assertInvalid(api.post(api.admin, "/v1/networks", body), 400, "mtu");
    }

    @Test
    void arraysNestedAThousandDeep_are400NamingTheField() {
        String body = "{\"label\":" + "[".repeat(1000) + "]".repeat(1000) + ",\"cidr\":\"10.9.0.0/24\"}";
        assertInvalid(api.post(api.admin, "/v1/networks", body), 400, "label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/networks/%zz", "/v1/networks/%e0%80", "/v1/networks/a%2"})
    void aBadPercentEscapeInThePath_is400(String path) throws IOException {
        Raw r = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin + "\r\nConnection: close\r\n\r\n");
        assertJsonError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).as(r.json().toString()).isIn("path", "network");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/networks/%00", "/v1/%2e%2e/metrics", "/v1/networks/a%2Fb", "/v1/net works"})
    void whatJettyRefusesItself_isTheSameJsonWithTheSameHeaders(String path) throws IOException {
        Raw r = raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin + "\r\nConnection: close\r\n\r\n");
        assertJsonError(r, 400, "invalid_input");
    }

    @Test
    void headersOverEightKib_are431Json() throws IOException {
        Raw r = raw("GET /v1/networks HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertJsonError(r, 431, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("headers");
    }

    @Test
    void aSaneRequestIdIsKeptOnJettysOwnErrors() throws IOException {
        Raw r = raw("GET /v1/networks/a%2Fb HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-42\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.headers().get("x-request-id")).isEqualTo("trace-42");
    }

    @Test
    void aFieldGivenTwice_is400AndChangesNothing() {
        ApiFixture.Reply r = api.post(api.admin, "/v1/networks", "{\"label\":0,\"label\":\"twice\",\"cidr\":\"10.9.0.0/24\"}");
        assertInvalid(r, 400, "body");
        assertThat(api.get(api.admin, "/v1/networks").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void aBodyThatIsNotJson_is415() throws IOException {
        String body = "label=x&cidr=10.9.0.0/24";
        Raw r = raw("POST /v1/networks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);
        assertJsonError(r, 415, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isEqualTo("Content-Type");
        assertThat(api.get(api.admin, "/v1/networks").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void nullForAStringField_is400AndChangesNothing() {
        ApiFixture.Reply r = api.put(api.admin, "/v1/projects/p2/network", "{\"network\": null}");
        assertInvalid(r, 400, "network");
        assertThat(api.get(api.admin, "/v1/projects/p2/network").status()).as("p2 still has no network").isEqualTo(404);

        assertInvalid(api.post(api.admin, "/v1/networks", "{\"label\":\"x\",\"cidr\":\"10.9.0.0/24\",\"mtu\":null}"), 400, "mtu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"label=", "label", "vlan=", "label=%zz", "label=%ff", "label=a%00b", "=x"})
    void aQueryParameterPresentButEmptyOrUndecodable_is400(String query) throws IOException {
        Raw r = raw("GET /v1/networks?" + query + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin
                + "\r\nConnection: close\r\n\r\n");
        assertJsonError(r, 400, "invalid_input");
        assertThat(r.json().get("details").get("field").asText()).isIn("label", "vlan", "query");
    }
}
