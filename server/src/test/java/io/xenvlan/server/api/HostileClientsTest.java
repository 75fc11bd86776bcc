package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.store.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that hold connections open, trickle bytes or open too many: each against a real server on a free port. */
class HostileClientsTest {
    private final List<Socket> sockets = new ArrayList<>();
    private ApiFixture api;

    @AfterEach
    void stop() {
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed by the server
            }
        });
        if (api != null) {
            api.close();
        }
    }

    private void start(Duration readTimeout, int maxPerClient) {
        api = new ApiFixture(TestDatabase.h2(), HttpConfig.ephemeral().withReadTimeout(readTimeout, maxPerClient), routes -> { });
    }

    /** A connection from {@code source} (any 127/8 address) that has sent the headers of a POST and one byte of its body. */
    private Socket slowBody(String source) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress("127.0.0.1", api.server.port()), 5_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/networks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin
                + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** Reads until the server closes the connection (true) or {@code within} passes (false). */
    private static boolean closedWithin(Socket s, Duration within) throws IOException {
        s.setSoTimeout(100);
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    private static Duration timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void fiveHundredSlowBodies_doNotStallHealthOrAnHonestClient() throws Exception {
        start(Duration.ofSeconds(30), 64);
        api.twoNetworks();
        for (int i = 0; i < 500; i++) {
            slowBody("127.0.0." + (2 + i % 10)); // 50 from each of ten addresses, under the per-client limit
        }
        Thread.sleep(300);
        for (int round = 0; round < 3; round++) {
            ApiFixture.Reply[] health = new ApiFixture.Reply[1];
            ApiFixture.Reply[] networks = new ApiFixture.Reply[1];
            assertThat(timed(() -> health[0] = api.get(null, "/healthz"))).isLessThan(Duration.ofSeconds(1));
            assertThat(health[0].status()).isEqualTo(200);
            assertThat(timed(() -> networks[0] = api.get(api.p1, "/v1/networks"))).isLessThan(Duration.ofSeconds(1));
            assertThat(networks[0].status()).isEqualTo(200);
            assertThat(networks[0].json().get("total").asInt()).isEqualTo(1);
        }
        // the slow ones are still held open (not answered), so the honest calls above raced against all 500
        assertThat(closedWithin(sockets.get(0), Duration.ofMillis(200))).isFalse();
    }

    @Test
    void aBodyTrickledPastTheReadTimeout_losesItsConnection() throws Exception {
        start(Duration.ofSeconds(1), 64);
        Socket s = slowBody("127.0.0.1");
        byte[] moreBody = "1".repeat(40).getBytes(StandardCharsets.US_ASCII);
        assertThat(trickleUntilClosed(s, moreBody, Duration.ofMillis(200))).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
    }

    @Test
    void headersTrickledPastTheReadTimeout_loseTheirConnection() throws Exception {
        start(Duration.ofSeconds(1), 64);
        Socket s = new Socket("127.0.0.1", api.server.port());
        sockets.add(s);
        byte[] request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.US_ASCII); // never the blank line that ends the headers
        assertThat(trickleUntilClosed(s, request, Duration.ofMillis(150))).isBetween(Duration.ofMillis(800), Duration.ofSeconds(4));
    }

    /** Sends {@code bytes} one at a time, {@code pause} apart; @return how long until the server closed the connection */
    private static Duration trickleUntilClosed(Socket s, byte[] bytes, Duration pause) throws IOException {
        OutputStream out = s.getOutputStream();
        long start = System.nanoTime();
        for (byte b : bytes) {
            try {
                out.write(b);
                out.flush();
            } catch (IOException reset) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (closedWithin(s, pause)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        throw new AssertionError("the server kept the connection open for " + bytes.length + " bytes " + pause + " apart");
    }

    @Test
    void aBodyDeclaredTooLarge_isReadToItsEndBeforeThe413_andTheConnectionStaysUsable() throws Exception {
        start(Duration.ofSeconds(10), 64);
        Socket s = new Socket("127.0.0.1", api.server.port());
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/networks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.admin
                + "\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write("x".repeat(150_000).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // answering now would mean closing with 50 000 bytes unread: a reset that can destroy the answer at the client
        assertThat(answer(s, Duration.ofMillis(500))).as("no answer while the body is still arriving").isEmpty();
        out.write("x".repeat(50_000).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String tooLarge = answer(s, Duration.ofSeconds(5));
        assertThat(tooLarge).startsWith("HTTP/1.1 413").contains("\"rule\":\"max-size\"").doesNotContainIgnoringCase("connection: close");
        out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(answer(s, Duration.ofSeconds(5))).as("the same connection serves the next request").startsWith("HTTP/1.1 200");
    }

    /** What the server sends on {@code s} within {@code within} (stopping early once a whole JSON answer is in). */
    private static String answer(Socket s, Duration within) throws IOException {
        s.setSoTimeout(50);
        long deadline = System.nanoTime() + within.toNanos();
        StringBuilder got = new StringBuilder();
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline && !(got.indexOf("\r\n\r\n") > 0 && got.toString().endsWith("}"))) {
            try {
                int n = s.getInputStream().read(buffer);
                if (n < 0) {
                    break;
                }
                got.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException nothingYet) {
                // keep waiting
            }
        }
        return got.toString();
    }

    @Test
    void aKeepAliveConnectionIdleBetweenRequests_isNotCutByTheReadTimeout() throws Exception {
        start(Duration.ofMillis(500), 64);
        assertThat(api.get(null, "/healthz").status()).isEqualTo(200);
        Thread.sleep(1_200);
        assertThat(api.get(null, "/healthz").status()).isEqualTo(200);
    }

    @Test
    void oneClient_holdsAtMostItsShareOfConnections() throws Exception {
        start(Duration.ofSeconds(30), 8);
        for (int i = 0; i < 8; i++) {
            slowBody("127.0.0.7");
        }
        slowBody("127.0.0.7");
        // the server may be told of the nine connections in another order than they were opened (on a busy
        // machine), so which one it closes is not fixed: exactly one of the nine is closed, eight stay open
        List<Socket> open = new ArrayList<>(sockets);
        List<Socket> closed = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (closed.isEmpty() && System.nanoTime() < deadline) {
            for (Socket s : List.copyOf(open)) {
                if (closedWithin(s, Duration.ofMillis(20))) {
                    closed.add(s);
                    open.remove(s);
                }
            }
        }
        assertThat(closed).as("one connection of the nine from one address is closed").hasSize(1);
        for (Socket s : open) {
            assertThat(closedWithin(s, Duration.ofMillis(100))).as("the other eight stay open").isFalse();
        }
        assertThat(api.get(null, "/healthz").status()).as("another address is served").isEqualTo(200);
    }
}
