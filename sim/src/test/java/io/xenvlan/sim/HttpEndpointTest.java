package io.xenvlan.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire: JSON-RPC 1.0 / 2.0 and XML-RPC envelopes, member endpoints, /stats, limits. */
class HttpEndpointTest {
    private static PoolSimulator sim;
    private static JsonRpcTestClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(3).vms(3).maxBodyBytes(64 * 1024)
                .failedLoginDelay(Duration.ZERO).build());
        client = JsonRpcTestClient.loggedIn(sim);
    }

    @AfterAll
    static void stop() {
        sim.stop();
    }

    private static Map<String, Object> request(Object id, String method, List<Object> params, boolean v2) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (v2) {
            r.put("jsonrpc", "2.0");
        }
        r.put("method", method);
        r.put("params", params);
        r.put("id", id);
        return r;
    }

    static HttpResponse<String> post(URI url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonRpc2_successAndFailureShapes() {
        Map<String, Object> ok = client.raw(request(7, "host.get_all", List.of(client.session), true));
        assertThat(ok).containsOnlyKeys("jsonrpc", "result", "id").containsEntry("jsonrpc", "2.0").containsEntry("id", 7);
        assertThat(ok.get("result")).asList().hasSize(3);
        Map<String, Object> fail = client.raw(request("x", "PIF.get_record", List.of(client.session, "OpaqueRef:zz"), true));
        assertThat(fail).containsOnlyKeys("jsonrpc", "error", "id").containsEntry("id", "x");
        assertThat(fail.get("error")).isEqualTo(Map.of("code", 1, "message", "HANDLE_INVALID", "data", List.of("PIF", "OpaqueRef:zz")));
    }

    @Test
    void jsonRpc1_successAndFailureShapes() {
        Map<String, Object> ok = client.raw(request(1, "pool.get_all", List.of(client.session), false));
        assertThat(ok).containsOnlyKeys("result", "error", "id").containsEntry("error", null);
        Map<String, Object> fail = client.raw(request(2, "session.logout", List.of("OpaqueRef:bogus"), false));
        assertThat(fail).containsEntry("result", null).containsEntry("error", List.of("SESSION_INVALID", "OpaqueRef:bogus"));
    }

    @Test
    void logout_endsTheSession() {
        JsonRpcTestClient c = JsonRpcTestClient.loggedIn(sim);
        c.s("session.logout");
        XenApiFailure f = catchThrowableOfType(() -> c.s("host.get_all"), XenApiFailure.class);
        assertThat(f.description()).containsExactly("SESSION_INVALID", c.session);
        assertThat(catchThrowableOfType(() -> c.call("session.login_with_password", "root", "nope"), XenApiFailure.class)
                .description()).containsExactly("SESSION_AUTHENTICATION_FAILED", "root", "Authentication failure");
        assertThat(catchThrowableOfType(() -> c.call("session.login_with_password", "root"), XenApiFailure.class)
                .description()).containsExactly("MESSAGE_PARAMETER_COUNT_MISMATCH", "session.login_with_password", "2", "1");
    }

    @Test
    void jsonRpc_intsAreNumbers_underscoreMethodNamesAccepted() {
        String net = (String) client.s("network_create", Map.of("name_label", "u", "other_config", Map.of()));
        assertThat(client.s("network.get_MTU", net)).isEqualTo(1500);
    }

    @Test
    void jsonRpc_protocolErrors() throws Exception {
        assertThat(post(sim.jsonRpcUrl(), "{not json").body()).contains("-32700");
        assertThat(post(sim.jsonRpcUrl(), "{\"method\":\"host.get_all\",\"params\":[]}").body()).contains("-32600");
        assertThat(post(sim.jsonRpcUrl(), "[1,2]").body()).contains("-32600");
        assertThat(post(sim.jsonRpcUrl(), "[".repeat(5000)).body()).contains("-32700");
    }

    @Test
    void sessionFromXmlRpc_worksOverJsonRpc() throws Exception {
        String login = "<?xml version=\"1.0\"?><methodCall><methodName>session.login_with_password</methodName><params>"
                + "<param><value>root</value></param><param><value><string>" + SimulatorConfig.DEFAULT_PASSWORD
                + "</string></value></param></params></methodCall>";
        HttpResponse<String> r = post(sim.url(), login);
        assertThat(r.statusCode()).isEqualTo(200);
        String session = r.body().replaceAll("(?s).*<name>Value</name><value>([^<]*)</value>.*", "$1");
        assertThat(session).startsWith("OpaqueRef:");
        JsonRpcTestClient other = new JsonRpcTestClient(sim.jsonRpcUrl());
        other.session = session;
        assertThat(other.refs("host.get_all")).hasSize(3);
    }

    @Test
    void xmlRpc_malformedIsHttp500_andXxeIsRefused() throws Exception {
        assertThat(post(sim.url(), "garbage").statusCode()).isEqualTo(500);
        assertThat(post(sim.url(), "<methodCall><methodName>x</methodName><params><param><value><struct>"
                + "<member><name>a</name></member></struct></value></param></params></methodCall>").statusCode()).isEqualTo(500);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<methodCall><methodName>&e;</methodName></methodCall>";
        HttpResponse<String> r = post(sim.url(), xxe);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("root:");
    }

    @Test
    void bodyOverLimit_is413() throws Exception {
        assertThat(post(sim.url(), "x".repeat(70 * 1024)).statusCode()).isEqualTo(413);
        assertThat(post(sim.jsonRpcUrl(), "x".repeat(70 * 1024)).statusCode()).isEqualTo(413);
    }

    @Test
    void memberHost_answersHostIsSlave_andItsAddressLeadsToTheMaster() throws Exception {
        SimHost member = sim.hosts().get(2);
        JsonRpcTestClient toMember = new JsonRpcTestClient(member.url().resolve("/jsonrpc"));
        XenApiFailure f = catchThrowableOfType(() -> toMember.call("session.login_with_password", "root",
                SimulatorConfig.DEFAULT_PASSWORD, "2.16", "t"), XenApiFailure.class);
        assertThat(f.description()).containsExactly("HOST_IS_SLAVE", sim.masterAddress());
        toMember.session = client.session;
        assertThat(catchThrowableOfType(() -> toMember.s("host.get_all"), XenApiFailure.class).code()).isEqualTo("HOST_IS_SLAVE");
        // swap the URL's host for the reported address, keep the port: that is the master
        URI followed = new URI("http", null, f.params().get(0), member.url().getPort(), "/jsonrpc", null, null);
        assertThat(followed).isEqualTo(sim.jsonRpcUrl());
    }

    /** The task's record once it is no longer pending. */
    private static Map<String, Object> finished(String task) {
        Eventually.await("task " + task + " to finish", Duration.ofSeconds(10),
                () -> !"pending".equals(client.record("task", task).get("status")));
        return client.record("task", task);
    }

    @Test
    void asyncCall_returnsTaskWithResult() {
        String net = (String) client.s("network.create", Map.of("name_label", "async", "other_config", Map.of()));
        String pif = client.where("PIF", "field \"device\"=\"eth1\" and field \"VLAN\"=\"-1\"").keySet().iterator().next();
        String task = (String) client.s("Async.VLAN.create", pif, 77L, net);
        Map<String, Object> t = finished(task);
        assertThat(t).containsEntry("status", "success").containsEntry("name_label", "Async.VLAN.create")
                .containsEntry("progress", 1.0);
        assertThat((String) t.get("result")).startsWith("<value>OpaqueRef:");
        String failed = (String) client.s("Async.VLAN.create", pif, 77L, net);
        assertThat(finished(failed)).containsEntry("status", "failure")
                .extractingByKey("error_info").asList().first().isEqualTo("NETWORK_ALREADY_CONNECTED");
    }

    @Test
    void stats_countCallsAndTimePerMethod() throws Exception {
        long before = sim.stats().calls("host.get_record");
        String host = client.refs("host.get_all").get(0);
        client.record("host", host);
        client.record("host", host);
        assertThat(sim.stats().calls("host.get_record")).isEqualTo(before + 2);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(sim.statsUrl()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Number>>> json = new ObjectMapper().readValue(r.body(), Map.class);
        assertThat(json.get("methods").get("host.get_record").get("calls").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(json.get("methods").get("host.get_record").get("nanos").longValue()).isPositive();
        assertThat(post(sim.url().resolve("/nope"), "").statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(sim.url()).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(405);
    }
}
