package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A tiny JSON-RPC 2.0 endpoint on the JDK HTTP server for the client's wire-level tests (codec,
 * faults the simulator cannot produce: garbage, oversize replies, stalls, TLS). Behaviour against
 * a real pool model is tested against the simulator.
 */
final class JsonRpcResponder implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** Thrown by a handler to answer with a XenAPI failure. */
    static final class Fault extends RuntimeException {
        final String code;
        final List<String> params;

        Fault(String code, String... params) {
            super(code, null, false, false);
            this.code = code;
            this.params = List.of(params);
        }
    }

    /** Answers with exactly these bytes and status, bypassing JSON-RPC; chunked: without a Content-Length. */
    record Raw(int status, byte[] body, boolean chunked) {
        Raw(int status, byte[] body) {
            this(status, body, false);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<JsonNode, Object>> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private JsonRpcResponder(HttpServer server) {
        this.server = server;
        server.createContext("/jsonrpc", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    static JsonRpcResponder http() throws IOException {
        return new JsonRpcResponder(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static JsonRpcResponder https(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new JsonRpcResponder(server);
    }

    JsonRpcResponder on(String method, Function<JsonNode, Object> handler) {
        handlers.put(method, handler);
        return this;
    }

    /** A login that answers {@code OpaqueRef:session-<n>} and counts. */
    JsonRpcResponder acceptingLogin() {
        AtomicInteger sessions = new AtomicInteger();
        return on("session.login_with_password", p -> "OpaqueRef:session-" + sessions.incrementAndGet())
                .on("session.logout", p -> "");
    }

    int calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = MAPPER.readTree(exchange.getRequestBody());
            String method = request.path("method").asText();
            calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            ObjectNode reply = MAPPER.createObjectNode();
            reply.put("jsonrpc", "2.0");
            Function<JsonNode, Object> handler = handlers.get(method);
            try {
                if (handler == null) {
                    throw new Fault("MESSAGE_METHOD_UNKNOWN", method);
                }
                Object result = handler.apply(request.path("params"));
                if (result instanceof Raw raw) {
                    send(exchange, raw.status(), raw.body(), raw.chunked());
                    return;
                }
                reply.set("result", MAPPER.valueToTree(result));
            } catch (Fault fault) {
                ObjectNode error = reply.putObject("error");
                error.put("code", 1);
                error.put("message", fault.code);
                error.set("data", MAPPER.valueToTree(fault.params));
            }
            reply.set("id", request.get("id"));
            send(exchange, 200, MAPPER.writeValueAsBytes(reply), false);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body, boolean chunked) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
