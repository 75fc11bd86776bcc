package io.xenvlan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerRuntimeTest {
    @TempDir
    Path state;

    private ServerConfig config(String roles) {
        return new ConfigLoader().commandLine(Map.of("roles", roles, "http.listen", "127.0.0.1:0", "state-dir", state.toString())).load();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void start_allRoles_exposesTheNodesDnsmasqCountersAndStopsTheApiFirst() throws Exception {
        List<String> stopped = new ArrayList<>();
        AtomicLong reloads = new AtomicLong(7);
        ServerRuntime.RoleStarter node = (cfg, store, metrics) -> {
            metrics.dnsmasq(reloads::get, () -> 4, () -> 1, () -> 2, () -> 300);
            metrics.netnodeChecks(Map.of("clean", () -> 12, "repaired", () -> 1), Map.of("leg_missing", () -> 1));
            return () -> stopped.add("netnode");
        };
        ServerRuntime runtime = ServerRuntime.start(config("api,netnode"), Map.of(), Optional.of(node));
        int port = runtime.apiPort().orElseThrow();

        assertThat(get(port, "/healthz").body()).isEqualTo("{\"status\":\"ok\"}");
        reloads.set(9);
        assertThat(get(port, "/metrics").body()).contains("xenvlan_dnsmasq_reloads_total 9.0", "xenvlan_dnsmasq_additions_total 4.0",
                "xenvlan_dnsmasq_written_bytes_total 300.0", "xenvlan_netnode_checks_total{outcome=\"clean\"} 12.0",
                "xenvlan_netnode_checks_total{outcome=\"repaired\"} 1.0", "xenvlan_netnode_repairs_total{kind=\"leg_missing\"} 1.0");

        runtime.close();
        assertThat(stopped).containsExactly("netnode");
        assertThatThrownBy(() -> get(port, "/healthz")).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void start_netnodeRoleUnavailable_namesTheSetting() {
        assertThatThrownBy(() -> ServerRuntime.start(config("netnode"), Map.of(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("roles"));
    }

    @Test
    void start_apiOnly_startsNoNode() throws Exception {
        try (ServerRuntime runtime = ServerRuntime.start(config("api"), Map.of(), Optional.empty())) {
            assertThat(get(runtime.apiPort().orElseThrow(), "/healthz").statusCode()).isEqualTo(200);
        }
    }
}
