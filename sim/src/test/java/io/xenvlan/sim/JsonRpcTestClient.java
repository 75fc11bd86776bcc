package io.xenvlan.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal JSON-RPC 2.0 client for tests; failures come back as {@link XenApiFailure}. */
final class JsonRpcTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI url;
    private final AtomicLong ids = new AtomicLong();
    String session;

    JsonRpcTestClient(URI url) {
        this.url = url;
    }

    static JsonRpcTestClient loggedIn(PoolSimulator sim) {
        JsonRpcTestClient c = new JsonRpcTestClient(sim.jsonRpcUrl());
        c.session = (String) c.call("session.login_with_password", "root", SimulatorConfig.DEFAULT_PASSWORD, "2.16", "test");
        return c;
    }

    /** Calls a method with the session prepended. */
    Object s(String method, Object... params) {
        List<Object> all = new ArrayList<>();
        all.add(session);
        all.addAll(Arrays.asList(params));
        return call(method, all.toArray());
    }

    Object call(String method, Object... params) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        request.put("params", Arrays.asList(params));
        request.put("id", ids.incrementAndGet());
        JsonNode reply = JSON.valueToTree(raw(request));
        if (reply.has("error")) {
            JsonNode e = reply.get("error");
            List<String> data = new ArrayList<>();
            e.get("data").forEach(d -> data.add(d.asText()));
            throw new XenApiFailure(e.get("message").asText(), data);
        }
        return JSON.convertValue(reply.get("result"), Object.class);
    }

    Map<String, Object> raw(Object request) {
        try {
            HttpResponse<byte[]> r = post(JSON.writeValueAsBytes(request));
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(r.body(), Map.class);
            return m;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> post(byte[] body) {
        try {
            return http.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> record(String cls, String ref) {
        return (Map<String, Object>) s(cls + ".get_record", ref);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> where(String cls, String expr) {
        return (Map<String, Map<String, Object>>) s(cls + ".get_all_records_where", expr);
    }

    @SuppressWarnings("unchecked")
    List<String> refs(String method, Object... params) {
        return (List<String>) s(method, params);
    }
}
