package io.xenvlan.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.xenvlan.sim.wire.JsonRpcCodec;
import io.xenvlan.sim.wire.MalformedRequestException;
import io.xenvlan.sim.wire.RpcCall;
import io.xenvlan.sim.wire.XmlRpcCodec;
import io.xenvlan.sim.xapi.Xapi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's HTTP endpoint: XML-RPC on {@code POST /} and {@code /RPC2}, JSON-RPC on
 * {@code POST /jsonrpc}, and {@code GET /stats}. Whatever arrives, the client gets an answer:
 * a malformed XML-RPC body is HTTP 500, a malformed JSON-RPC body a JSON-RPC error, a body
 * over the limit HTTP 413.
 */
final class RpcHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RpcHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Xapi xapi;
    private final String hostRef;
    private final Duration latency;
    private final int maxBodyBytes;

    RpcHttpHandler(Xapi xapi, String hostRef, Duration latency, int maxBodyBytes) {
        this.xapi = xapi;
        this.hostRef = hostRef;
        this.latency = latency;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String verb = ex.getRequestMethod();
            if (path.equals("/stats")) {
                if (verb.equals("GET")) {
                    send(ex, 200, "application/json", statsJson());
                } else {
                    send(ex, 405, "text/plain", "GET only\n".getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            boolean xml = path.equals("/") || path.equals("/RPC2");
            if (!xml && !path.equals("/jsonrpc")) {
                send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!verb.equals("POST")) {
                send(ex, 405, "text/plain", "POST only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = readBounded(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, "text/plain", ("request body over " + maxBodyBytes + " bytes\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            delay();
            if (xml) {
                handleXml(ex, body);
            } else {
                handleJson(ex, body);
            }
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering a request", e);
        }
    }

    private void handleXml(HttpExchange ex, byte[] body) throws IOException {
        RpcCall call;
        try {
            call = XmlRpcCodec.decode(body);
        } catch (MalformedRequestException e) {
            send(ex, 500, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] out;
        try {
            out = XmlRpcCodec.success(xapi.call(call.method(), call.params(), hostRef));
        } catch (XenApiFailure f) {
            out = XmlRpcCodec.failure(f.description());
        } catch (RuntimeException e) {
            out = XmlRpcCodec.failure(internalError(call, e).description());
        }
        send(ex, 200, "text/xml", out);
    }

    private void handleJson(HttpExchange ex, byte[] body) throws IOException {
        JsonRpcCodec.Request request;
        try {
            request = JsonRpcCodec.decode(body);
        } catch (JsonRpcCodec.ProtocolError e) {
            send(ex, 200, "application/json", e.encode());
            return;
        }
        RpcCall call = request.call();
        byte[] out;
        try {
            out = JsonRpcCodec.success(request, xapi.call(call.method(), call.params(), hostRef));
        } catch (XenApiFailure f) {
            out = JsonRpcCodec.failure(request, f.description());
        } catch (RuntimeException e) {
            out = JsonRpcCodec.failure(request, internalError(call, e).description());
        }
        send(ex, 200, "application/json", out);
    }

    /** A bug in the simulator still answers like xapi does: INTERNAL_ERROR. */
    private static XenApiFailure internalError(RpcCall call, RuntimeException e) {
        LOG.error("{} failed unexpectedly", call.method(), e);
        return XenApiFailure.of("INTERNAL_ERROR", e.toString());
    }

    private void delay() {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The body, or null when it exceeds the limit. */
    private byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() + n > maxBodyBytes) {
                return null;
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private byte[] statsJson() throws IOException {
        SimulatorStats stats = xapi.stats();
        Map<String, Object> methods = new LinkedHashMap<>();
        stats.methods().forEach((m, s) -> methods.put(m, Map.of("calls", s.calls(), "nanos", s.nanos())));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("total_calls", stats.totalCalls());
        root.put("methods", methods);
        return JSON.writeValueAsBytes(root);
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }
}
