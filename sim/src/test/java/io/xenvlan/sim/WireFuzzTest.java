package io.xenvlan.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random bodies over real HTTP: always a protocol error, and the server keeps answering. */
class WireFuzzTest {
    private static PoolSimulator sim;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeContainer
    static void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(2).vms(0).build());
    }

    @AfterContainer
    static void stop() {
        sim.stop();
    }

    private static HttpResponse<String> post(URI url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Property(tries = 150)
    void xmlRpcGarbage_isHttp500(@ForAll byte[] body) throws Exception {
        HttpResponse<String> r = post(sim.url(), body);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).startsWith("malformed XML-RPC");
        assertStillServing();
    }

    @Property(tries = 150)
    void jsonRpcGarbage_isJsonRpcError(@ForAll byte[] body) throws Exception {
        HttpResponse<String> r = post(sim.jsonRpcUrl(), body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"error\":{\"code\":-32");
        assertStillServing();
    }

    @Property(tries = 150)
    void wellFormedCallsWithRandomContent_getXenApiAnswers(@ForAll String method, @ForAll String arg) throws Exception {
        String xml = "<?xml version=\"1.0\"?><methodCall><methodName>m" + escape(method) + "</methodName><params><param><value>"
                + escape(arg) + "</value></param></params></methodCall>";
        HttpResponse<String> r = post(sim.url(), xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isIn(200, 500);
        if (r.statusCode() == 200) {
            assertThat(r.body()).contains("<name>Status</name><value>Failure</value>");
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void assertStillServing() throws Exception {
        byte[] call = "{\"method\":\"session.login_with_password\",\"params\":[\"root\",\"xenvlan\"],\"id\":1}".getBytes();
        assertThat(post(sim.jsonRpcUrl(), call).body()).contains("OpaqueRef:");
    }
}
