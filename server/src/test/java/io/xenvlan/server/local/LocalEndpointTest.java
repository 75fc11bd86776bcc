package io.xenvlan.server.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.UnauthorizedException;
import io.xenvlan.server.ServerRuntime;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.cli.XenvlanCommand;
import io.xenvlan.server.client.ApiClient;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The holder's local endpoint: the API on a 0600 Unix socket, its credential, routes that exist nowhere else, a clean stop. */
class LocalEndpointTest {
    @TempDir
    Path state;

    private ServerRuntime server(String roles) {
        return ServerRuntime.start(new ConfigLoader().commandLine(Map.of("roles", roles, "http.listen", "127.0.0.1:0",
                "state-dir", state.toString())).load(), Map.of(), Optional.empty());
    }

    @Test
    void holder_servesTheApiOnItsSocketOnlyToItsCredential_andWithdrawsItAtStop() throws Exception {
        Announcement announced;
        try (ServerRuntime runtime = server("api")) {
            announced = Announcement.read(state).orElseThrow();
            assertThat(announced.holderAlive()).isTrue();
            assertThat(announced.socket()).isEqualTo(state.resolve("api.sock"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(announced.socket()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(Announcement.FILE)))).isEqualTo("rw-------");

            try (ApiClient local = ApiClient.overUnixSocket(announced.socket(), announced.token(), "holder")) {
                assertThat(local.post("/v1/networks", Map.of("label", "sock", "cidr", "10.98.0.0/24")).get("items")).hasSize(1);
                assertThat(local.get("/local/tokens").toString()).contains("local endpoint of pid");
            }
            try (ApiClient stranger = ApiClient.overUnixSocket(announced.socket(), "xv_not-the-credential", "holder")) {
                assertThatThrownBy(() -> stranger.get("/local/tokens")).isInstanceOf(UnauthorizedException.class);
                assertThatThrownBy(() -> stranger.get("/v1/networks")).isInstanceOf(UnauthorizedException.class);
            }
            // the local routes exist on the socket only
            HttpResponse<String> overTcp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + runtime.apiPort().orElseThrow() + "/local/tokens"))
                    .header("Authorization", "Bearer " + announced.token()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overTcp.statusCode()).isEqualTo(404);
        }
        assertThat(state.resolve(Announcement.FILE)).doesNotExist();
        assertThat(announced.socket()).doesNotExist();
        try (JdbcStore store = EmbeddedStore.open(state)) {
            assertThat(ServiceWiring.tokens(store, Clock.systemUTC()).list()).singleElement()
                    .satisfies(t -> assertThat(t.revokedAt()).as("the run's credential is revoked").isPresent());
        }
    }

    @Test
    void tokenCommandsThroughTheHolder_carryExpires_andListItAsInProcess() throws Exception {
        try (ServerRuntime runtime = server("api")) {
            Cli created = cli("token", "create", "--project", "p1", "--expires", "30d", "--json");
            assertThat(created.exit()).as(created.err()).isZero();
            JsonNode token = new ObjectMapper().readTree(created.out());
            Instant expires = Instant.parse(token.get("expires_at").asText());
            assertThat(expires).isBetween(Instant.now().plus(Duration.ofDays(30)).minusSeconds(120), Instant.now().plus(Duration.ofDays(30)));
            assertThat(token.get("token").asText()).startsWith("xv_");

            JsonNode listed = new ObjectMapper().readTree(cli("token", "list", "--json").out());
            assertThat(listed).anySatisfy(t -> assertThat(t.get("expires_at").asText()).isEqualTo(expires.toString()));
            assertThat(listed).anySatisfy(t -> assertThat(t.get("expires_at").isNull()).as("the holder's own credential never expires").isTrue());
            assertThat(cli("token", "list").out()).contains("EXPIRES", expires.toString());

            Announcement announced = Announcement.read(state).orElseThrow();
            try (ApiClient local = ApiClient.overUnixSocket(announced.socket(), announced.token(), "holder")) {
                assertThatThrownBy(() -> local.post("/local/tokens", Map.of("expires_at", "in a month")))
                        .isInstanceOf(InvalidInputException.class).hasMessageContaining("expires_at");
                assertThatThrownBy(() -> local.post("/local/tokens", Map.of("expires_at", "2020-01-01T00:00:00Z")))
                        .isInstanceOf(InvalidInputException.class).hasMessageContaining("future");
            }
        }
        try (JdbcStore store = EmbeddedStore.open(state)) {
            assertThat(ServiceWiring.tokens(store, Clock.systemUTC()).list()).filteredOn(t -> t.expiresAt().isPresent())
                    .as("created by the holder, with its expiry").hasSize(1);
        }
    }

    @Test
    void localBodies_areReadAsStrictlyAsTheApisBodies_namingTheField_andChangeNothing() throws Exception {
        try (ServerRuntime runtime = server("api")) {
            Announcement announced = Announcement.read(state).orElseThrow();
            try (ApiClient local = ApiClient.overUnixSocket(announced.socket(), announced.token(), "holder")) {
                int before = local.get("/local/tokens").size();
                assertThatThrownBy(() -> local.post("/local/tokens", Map.of("project", 123)))
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("project"));
                assertThatThrownBy(() -> local.post("/local/tokens", Map.of("project", "p1", "descripton", "a typo")))
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                            assertThat(e.field()).isEqualTo("descripton");
                            assertThat(e.getMessage()).contains("unknown field");
                        });
                assertThatThrownBy(() -> local.post("/local/lease-events", Map.of("args", "add 52:54:00:00:00:01 10.0.0.2")))
                        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("args"));
                assertThat(local.get("/local/tokens").size()).as("nothing was created").isEqualTo(before);
            }
        }
    }

    private record Cli(int exit, String out, String err) {}

    /** {@code xenvlan args... --state-dir <state>} in this JVM, where the holder runs: it goes through the holder's socket. */
    private Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--state-dir", state.toString()));
        int exit = XenvlanCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Cli(exit, out.toString(), err.toString());
    }

    @Test
    void holderWithoutTheApiRole_stillServesTheApiOnItsSocket() {
        // a process with the netnode role only (its node is not started here) holds the store too
        try (ServerRuntime runtime = ServerRuntime.start(new ConfigLoader().commandLine(Map.of("roles", "netnode",
                "state-dir", state.toString())).load(), Map.of(), Optional.of((config, store, metrics) -> () -> { }))) {
            assertThat(runtime.apiPort()).isEmpty();
            try (StoreTurn turn = StoreTurn.take(state, Duration.ofSeconds(5), 2)) {
                assertThat(turn).isInstanceOf(StoreTurn.Held.class);
                assertThat(((StoreTurn.Held) turn).client().get("/v1/networks").get("total").asInt()).isZero();
            }
        }
    }

    @Test
    void announcementOfAKilledHolder_isStale_theCommandOpensTheStoreAndRemovesIt() {
        try (JdbcStore store = EmbeddedStore.open(state)) {
            store.networks();
        }
        new Announcement(state.resolve("api.sock"), "xv_old", 1, Long.MAX_VALUE - 1, Instant.parse("2020-01-01T00:00:00Z")).write(state);
        assertThat(Announcement.read(state).orElseThrow().holderAlive()).isFalse();

        try (StoreTurn turn = StoreTurn.take(state, Duration.ofSeconds(5), 2)) {
            assertThat(turn).isInstanceOf(StoreTurn.Opened.class);
        }
        assertThat(state.resolve(Announcement.FILE)).doesNotExist();
    }
}
