package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Metrics, request logs and the dashboard's headers; one server for the tests that only read. */
class MetricsAndLogsTest {
    private static ApiFixture api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.xenvlan");

    @BeforeAll
    static void startServer() {
        api = ApiFixture.h2();
        api.twoNetworks();
    }

    @AfterAll
    static void stopServer() {
        api.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void stopCapturing() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    @Test
    void metrics_countAllocationsFailuresAndFreeAddresses() {
        try (ApiFixture api = ApiFixture.h2()) { // counts from zero: a server of its own
            api.twoNetworks();
            assertAllocationMetrics(api);
        }
    }

    private static void assertAllocationMetrics(ApiFixture api) {
        api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-1\"}");
        api.post(api.admin, "/v1/addresses", "{\"project\":\"p1\",\"instance\":\"vm-2\"}");
        api.put(api.admin, "/v1/projects/p2/network", null);
        api.post(api.admin, "/v1/addresses", "{\"project\":\"p3\",\"instance\":\"vm-3\"}");

        ApiFixture.Reply r = api.get(null, "/metrics");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("xenvlan_allocations_total 2.0");
        assertThat(r.text()).containsPattern("xenvlan_failures_total\\{code=\"exhausted\",operation=\"allocate\"} 1.0");
        assertThat(r.text()).containsPattern("xenvlan_network_free_addresses\\{network=\"net_1\",vlan=\"100\"} 250.0");
        assertThat(r.text()).containsPattern("xenvlan_network_free_addresses\\{network=\"net_2\",vlan=\"101\"} 252.0");
        assertThat(r.text()).contains("xenvlan_http_requests_seconds_bucket{method=\"POST\",route=\"/v1/addresses\",status=\"201\"");
    }

    @Test
    void requests_carryAnIdIntoTheLogs_andNeverTheToken() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/v1/networks"))
                .header("Authorization", "Bearer " + api.admin).header("X-Request-Id", "req-42").GET().build();
        assertThat(api.send(request).status()).isEqualTo(200);
        api.get(api.p1, "/v1/networks/net_2");

        assertThat(logs.list).anySatisfy(e -> {
            assertThat(e.getMDCPropertyMap()).containsEntry("request_id", "req-42");
            assertThat(e.getFormattedMessage()).contains("GET /v1/networks -> 200");
        });
        assertThat(logs.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .doesNotContain(api.admin).doesNotContain(api.p1).doesNotContain(api.admin.substring(3)));
    }

    @Test
    void dashboard_isServedWithAStrictContentSecurityPolicy() {
        ApiFixture.Reply page = api.get(null, "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<svg id=\"topology\"");
        java.net.http.HttpResponse<String> r;
        try {
            r = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void unhealthyDetails_areNotLeaked() {
        ApiFixture.Reply r = api.get(null, "/healthz");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"status\":\"ok\"}");
    }
}
