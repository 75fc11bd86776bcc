package io.xenvlan.lab.demo;

import io.xenvlan.server.render.Table;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The XenAPI calls a pool received, read from the simulator's {@code GET /stats} as an operator would. */
public final class XenApiCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private XenApiCalls() {}

    /** Calls per method. */
    public static Map<String, Long> fetch(URI statsUrl) {
        HttpRequest request = HttpRequest.newBuilder(statsUrl).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode methods = JSON.readTree(reply.body()).path("methods");
            Map<String, Long> calls = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                calls.put(e.getKey(), e.getValue().path("calls").asLong());
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static Table table(Map<String, Long> calls) {
        Table t = new Table("XENAPI METHOD", "CALLS");
        calls.forEach(t::row);
        t.row("total", calls.values().stream().mapToLong(Long::longValue).sum());
        return t;
    }
}
