package io.xenvlan.server.api;

import io.xenvlan.core.concurrent.Closer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API on a Unix socket (a store holder's local endpoint) has the TCP API's defences: the read
 * deadline on headers and bodies and Jetty's own errors as JSON; its clients have no address, so the
 * per-client connection limit does not apply to them.
 */
class UnixSocketApiTest {
    @TempDir
    Path dir;

    private final Closer closing = new Closer("test");
    private final List<SocketChannel> channels = new ArrayList<>();
    private ApiServer server;
    private Path socket;

    @AfterEach
    void stop() throws Exception {
        for (SocketChannel c : channels) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        closing.close();
    }

    private void start(Duration readTimeout, int maxPerClient) throws IOException {
        TestDatabase database = TestDatabase.h2();
        JdbcStore store = database.open();
        closing.add(database);
        closing.add(store);
        ApiServices services = ServiceWiring.api(store, new ServerMetrics(), Clock.systemUTC(),
                Files.createDirectory(dir.resolve("pool-secrets")), closing);
        socket = dir.resolve("api.sock");
        server = ApiServer.startOnUnixSocket(services, HttpConfig.ephemeral().withReadTimeout(readTimeout, maxPerClient), socket,
                routes -> { });
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        channels.add(c);
        c.connect(UnixDomainSocketAddress.of(socket));
        return c;
    }

    private static void send(SocketChannel c, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            c.write(bytes);
        }
    }

    /** Everything the server sends until it closes the connection, or null if it is still open after {@code within}. */
    private static String readUntilClosed(SocketChannel c, Duration within) throws IOException, InterruptedException {
        c.configureBlocking(false);
        long deadline = System.nanoTime() + within.toNanos();
        StringBuilder got = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = c.read(buffer.clear());
            } catch (IOException reset) {
                return got.toString();
            }
            if (n < 0) {
                return got.toString();
            }
            if (n == 0) {
                Thread.sleep(20);
            } else {
                got.append(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
            }
        }
        c.configureBlocking(true);
        return null;
    }

    @Test
    void headersTrickledPastTheReadTimeout_loseTheirConnection() throws Exception {
        start(Duration.ofSeconds(1), 64);
        SocketChannel c = connect();
        send(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a"); // never the blank line that ends the headers
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            Thread.sleep(100);
            try {
                send(c, "a");
            } catch (IOException closed) {
                break;
            }
            if (readUntilClosed(c, Duration.ofMillis(50)) != null) {
                break;
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
    }

    @Test
    void aBodyNotSentWithinTheReadTimeout_losesItsConnection() throws Exception {
        start(Duration.ofSeconds(1), 64);
        SocketChannel c = connect();
        send(c, "POST /v1/networks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{");
        long started = System.nanoTime();
        assertThat(readUntilClosed(c, Duration.ofSeconds(4))).as("closed by the read deadline").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(800));
    }

    @Test
    void moreConnectionsThanOneAddressMayHold_areAllServed() throws Exception {
        start(Duration.ofSeconds(30), 2);
        for (int i = 0; i < 6; i++) {
            send(connect(), "GET /v1/networks HTTP/1.1\r\nHost: x\r\n"); // headers still open
        }
        SocketChannel last = connect();
        send(last, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(readUntilClosed(last, Duration.ofSeconds(10))).startsWith("HTTP/1.1 200");
        assertThat(readUntilClosed(channels.get(0), Duration.ofMillis(200))).as("the first is still open").isNull();
    }

    @Test
    void whatJettyRefusesItself_isTheJsonError() throws Exception {
        start(Duration.ofSeconds(5), 64);
        SocketChannel c = connect();
        send(c, "GET /v1/%2e%2e/metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String reply = readUntilClosed(c, Duration.ofSeconds(10));
        assertThat(reply).startsWith("HTTP/1.1 400").contains("application/json");
        JsonNode body = new ObjectMapper().readTree(reply.substring(reply.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("code").asText()).isEqualTo("invalid_input");
        assertThat(body.get("details").get("field").asText()).isEqualTo("path");
    }
}
