package io.xenvlan.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.UnauthorizedException;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.xenapi.client.TlsTrust;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small client of xenvlan's REST API: JSON in and out with a bearer token; an error reply
 * becomes the same {@link XenvlanException} the server mapped, so the CLI exits with the same code.
 */
public final class ApiClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final String where;
    private final String token;
    private final HttpTransport transport;

    /** @throws InvalidInputException naming {@code server} for a URL that is not http(s) */
    public ApiClient(String baseUrl, String token) {
        this(baseUrl, token, TlsTrust.system());
    }

    /**
     * @param trust for an {@code https://} server: the system's trust store, a CA file, or the
     *              server certificate's pinned SHA-256 (see {@link TlsTrust})
     * @throws InvalidInputException naming {@code server} for a URL that is not http(s)
     */
    public ApiClient(String baseUrl, String token, TlsTrust trust) {
        URI uri;
        try {
            uri = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("server", "url", "server: not a URL: " + baseUrl);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new InvalidInputException("server", "url", "server: must be http://host:port or https://..., got " + baseUrl);
        }
        if (token == null || token.isBlank()) {
            throw new UnauthorizedException("set XENVLAN_TOKEN to an API token (xenvlan token create) to use --server");
        }
        this.where = "server " + uri;
        this.token = token.trim();
        this.transport = new TcpTransport(uri, trust);
    }

    private ApiClient(String where, String token, HttpTransport transport) {
        this.where = where;
        this.token = token;
        this.transport = transport;
    }

    /**
     * A client of the process holding the embedded store, over the Unix socket it announced, with the
     * local credential it announced (Jetty's HTTP client, loaded only here: the JDK's cannot use a Unix socket).
     */
    public static ApiClient overUnixSocket(java.nio.file.Path socket, String token, String holder) {
        return new ApiClient(holder, token, UnixSocketTransport.open(socket));
    }

    public static String encode(String pathPart) {
        return URLEncoder.encode(pathPart, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Map<String, ?> body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, Map<String, ?> body) {
        return send("PUT", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** Every item of a paged list, following {@code next_offset}. */
    List<JsonNode> all(String path) {
        List<JsonNode> items = new java.util.ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode page = get(path + (path.contains("?") ? "&" : "?") + "limit=1000&offset=" + offset);
            page.get("items").forEach(items::add);
            if (page.get("next_offset") == null || page.get("next_offset").isNull()) {
                return items;
            }
            offset = page.get("next_offset").asInt();
        }
    }

    private JsonNode send(String method, String path, Map<String, ?> body) {
        try {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + token);
            headers.put("Accept", "application/json");
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            HttpTransport.Reply r = transport.send(method, path, headers, body == null ? null : JSON.writeValueAsBytes(body));
            JsonNode json = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
            if (r.status() >= 400) {
                throw error(r.status(), json);
            }
            return json;
        } catch (IOException e) {
            throw new BackendFailureException("api", "unreachable", List.of(where),
                    where + " did not answer: " + io.xenvlan.core.error.Causes.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendFailureException("api", "interrupted", List.of(), "interrupted", e);
        }
    }

    /** Lets go of the connections (the Unix socket client's threads). */
    @Override
    public void close() {
        transport.close();
    }

    /** The exception the server mapped to this reply. */
    static XenvlanException error(int status, JsonNode body) {
        String message = body.path("message").asText("HTTP " + status);
        JsonNode details = body.path("details");
        return switch (status) {
            case 400 -> new InvalidInputException(details.path("field").asText("request"), details.path("rule").asText("invalid"), message);
            case 401 -> new UnauthorizedException(message);
            case 403 -> new ForbiddenException(message);
            case 404 -> new NotFoundException(details.path("kind").asText("resource"), details.path("id").asText(""));
            case 409 -> new ConflictException(message, map(details));
            case 422 -> new ExhaustedException(message, map(details));
            default -> new BackendFailureException(details.path("backend").asText("api"),
                    details.path("error_code").asText("HTTP_" + status), params(details.path("error_params")), message, null);
        };
    }

    private static List<String> params(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(p -> out.add(p.asText()));
        return out;
    }

    private static Map<String, Object> map(JsonNode details) {
        return details.isObject() ? JSON.convertValue(details, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })
                : Map.of();
    }
}
