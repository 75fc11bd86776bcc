package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.xenvlan.core.error.Causes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC 2.0 exchange with a XenAPI endpoint: encode, POST to {@code /jsonrpc}, read a
 * bounded reply, decode success or failure. Knows nothing about sessions or redirects.
 */
final class JsonRpcTransport {
    private static final Logger log = LoggerFactory.getLogger(JsonRpcTransport.class);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final int maxReplyBytes;
    private final XenApiCallObserver observer;
    private final AtomicLong ids = new AtomicLong();

    JsonRpcTransport(HttpClient http, ObjectMapper mapper, int maxReplyBytes, XenApiCallObserver observer) {
        this.http = http;
        this.mapper = mapper;
        this.maxReplyBytes = maxReplyBytes;
        this.observer = observer;
    }

    /** The JSON-RPC endpoint of a XenAPI server whose base URL is {@code base}. */
    static URI jsonRpcUri(URI base) {
        try {
            return new URI(base.getScheme(), null, base.getHost(), base.getPort(), "/jsonrpc", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad XenAPI URL " + base, e);
        }
    }

    /**
     * Calls {@code method} with positional {@code params} and returns the JSON result.
     *
     * Tells the observer the method, the outcome and the time taken (never the params).
     *
     * @throws XenApiException with the pool's error code, or a client-side XENVLAN_* code
     */
    JsonNode call(URI base, String method, List<?> params, Duration timeout) {
        long start = System.nanoTime();
        String error = XenApiCallObserver.NO_ERROR;
        try {
            return exchange(base, method, params, timeout);
        } catch (XenApiException e) {
            error = e.errorCode();
            throw e;
        } finally {
            observe(method, error, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void observe(String method, String error, Duration elapsed) {
        try {
            observer.onCall(method, error, elapsed);
        } catch (RuntimeException e) {
            // a broken observer must not turn a good call into a failure
            log.warn("XenAPI call observer failed for {}: {}", method, e.toString());
        }
    }

    private JsonNode exchange(URI base, String method, List<?> params, Duration timeout) {
        long id = ids.incrementAndGet();
        URI target = jsonRpcUri(base);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(method, params, id)))
                .build();
        HttpResponse<byte[]> response = send(request, method, target, timeout);
        return decode(method, target, response.statusCode(), response.body(), id);
    }

    private byte[] encode(String method, List<?> params, long id) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("jsonrpc", "2.0");
        envelope.put("method", method);
        ArrayNode array = envelope.putArray("params");
        for (Object param : params) {
            array.add(ParamEncoder.encode(mapper, param));
        }
        envelope.put("id", id);
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JSON tree", e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String method, URI target, Duration timeout) {
        try {
            return http.send(request, BoundedBody.handler(maxReplyBytes));
        } catch (HttpConnectTimeoutException e) {
            throw new XenApiException(XenApiException.CONNECT_TIMEOUT, List.of(target.toString()), e);
        } catch (HttpTimeoutException e) {
            throw new XenApiException(XenApiException.TIMEOUT, List.of(method, target.toString(), timeout.toString()), e);
        } catch (IOException e) {
            BoundedBody.TooLarge tooLarge = causeOf(e, BoundedBody.TooLarge.class);
            if (tooLarge != null) {
                throw new XenApiException(XenApiException.BAD_REPLY, List.of(method, tooLarge.getMessage()), e);
            }
            java.net.ConnectException refused = causeOf(e, java.net.ConnectException.class);
            if (refused != null) {
                throw new XenApiException(XenApiException.CONNECT_FAILED, List.of(method, target.toString(), describe(e)), e);
            }
            SSLException tls = causeOf(e, SSLException.class);
            if (tls != null) {
                throw new XenApiException(XenApiException.TLS_FAILED, List.of(target.toString(), describe(tls)), e);
            }
            throw new XenApiException(XenApiException.TRANSPORT_FAILED, List.of(method, target.toString(), describe(e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XenApiException(XenApiException.INTERRUPTED, List.of(method), e);
        }
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** What went wrong, in words (no class names: the reason reaches people's terminals). */
    private static String describe(Throwable e) {
        return Causes.describe(e);
    }

    private JsonNode decode(String method, URI target, int status, byte[] body, long id) {
        JsonNode reply;
        try {
            reply = mapper.readTree(body);
        } catch (IOException e) {
            reply = null;
        }
        if (reply == null || !reply.isObject()) {
            if (status != 200) {
                throw new XenApiException(XenApiException.HTTP_STATUS, List.of(method, target.toString(), Integer.toString(status)));
            }
            throw new XenApiException(XenApiException.BAD_REPLY, List.of(method, "not a JSON object"));
        }
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            throw failure(method, error);
        }
        if (status != 200) {
            throw new XenApiException(XenApiException.HTTP_STATUS, List.of(method, target.toString(), Integer.toString(status)));
        }
        JsonNode replyId = reply.get("id");
        if (replyId == null || !replyId.asText().equals(Long.toString(id))) {
            throw new XenApiException(XenApiException.BAD_REPLY, List.of(method, "reply id " + replyId + " does not match request id " + id));
        }
        if (!reply.has("result")) {
            throw new XenApiException(XenApiException.BAD_REPLY, List.of(method, "neither result nor error"));
        }
        return reply.get("result");
    }

    /** JSON-RPC 2.0 {code, message: CODE, data: [params]} or 1.0 [CODE, params...]. */
    private static XenApiException failure(String method, JsonNode error) {
        if (error.isObject() && error.path("message").isTextual()) {
            List<String> params = new ArrayList<>();
            JsonNode data = error.get("data");
            if (data != null && data.isArray()) {
                data.forEach(p -> params.add(text(p)));
            } else if (data != null && !data.isNull()) {
                params.add(text(data));
            }
            return new XenApiException(error.get("message").asText(), params);
        }
        if (error.isArray() && error.size() > 0) {
            List<String> params = new ArrayList<>();
            for (int i = 1; i < error.size(); i++) {
                params.add(text(error.get(i)));
            }
            return new XenApiException(text(error.get(0)), params);
        }
        return new XenApiException(XenApiException.BAD_REPLY, List.of(method, "unreadable error " + error));
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
