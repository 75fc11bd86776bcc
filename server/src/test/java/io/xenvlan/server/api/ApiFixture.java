package io.xenvlan.server.api;

import io.xenvlan.core.concurrent.Closer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** A real API server on a free loopback port over a fresh database, with an admin token and two project tokens. */
final class ApiFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final TestDatabase database;
    final JdbcStore store;
    final ApiServices services;
    final ApiServer server;
    final String admin;
    final String p1;
    final String p2;
    /** The only directory pools registered through this API may read password files from. */
    final java.nio.file.Path poolSecrets;
    private final Closer closing = new Closer("test API");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonNode json, String text) {}

    ApiFixture(TestDatabase database, HttpConfig http, Consumer<RoutesConfig> extraRoutes) {
        this.database = database;
        this.store = database.open();
        try {
            this.poolSecrets = java.nio.file.Files.createTempDirectory("xenvlan-pool-secrets");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.services = ServiceWiring.api(store, new ServerMetrics(), Clock.systemUTC(), poolSecrets, closing);
        TokenStore tokens = ServiceWiring.tokens(store, Clock.systemUTC());
        this.admin = tokens.create(Optional.empty(), "test admin").secret();
        this.p1 = tokens.create(Optional.of(ProjectId.of("p1")), "p1").secret();
        this.p2 = tokens.create(Optional.of(ProjectId.of("p2")), "p2").secret();
        this.server = ApiServer.start(services, http, extraRoutes);
    }

    static ApiFixture h2() {
        return new ApiFixture(TestDatabase.h2(), HttpConfig.ephemeral(), app -> { });
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    Reply get(String token, String path) {
        return send(token, "GET", path, null);
    }

    /** Registers pool {@code name} at {@code url} as root (admin), its password in a file of the pool secrets directory; the answer. */
    Reply addPool(String name, URI url, String password) throws IOException {
        return addPool(name, url, password, true);
    }

    /** With {@code verify} false the pool is registered without a login (a wrong password is kept, as an operator may). */
    Reply addPool(String name, URI url, String password, boolean verify) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(poolSecrets.resolve(name + ".password"), password + "\n");
        return post(admin, "/v1/pools", "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"user\":\"root\","
                + "\"password_source\":\"file:" + file + "\"" + (verify ? "" : ",\"verify\":false") + "}");
    }

    Reply post(String token, String path, String body) {
        return send(token, "POST", path, body);
    }

    Reply put(String token, String path, String body) {
        return send(token, "PUT", path, body);
    }

    Reply delete(String token, String path) {
        return send(token, "DELETE", path, null);
    }

    Reply send(String token, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.build());
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException notJson) {
                // text bodies (metrics, dashboard) stay text
            }
            return new Reply(r.statusCode(), json, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Two networks 10.20.0.0/24 (VLAN 100) and 10.20.1.0/24 (VLAN 101), p1 owning the first. */
    void twoNetworks() {
        Reply r = post(admin, "/v1/networks", "{\"label\":\"net\",\"cidr\":\"10.20.0.0/23\",\"num_networks\":2,\"network_size\":256}");
        if (r.status() != 201) {
            throw new IllegalStateException("setup failed: " + r.text());
        }
        Reply a = put(admin, "/v1/projects/p1/network", null);
        if (a.status() != 200) {
            throw new IllegalStateException("setup failed: " + a.text());
        }
    }

    @Override
    public void close() {
        server.close();
        java.util.List<Exception> failures = closing.closeAll();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.get(0));
        }
        store.close();
        database.close();
    }
}
