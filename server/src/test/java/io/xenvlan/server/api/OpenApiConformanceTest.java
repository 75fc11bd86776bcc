package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sends, for every operation of {@code openapi.json}, a valid request built from the document's
 * examples and invalid ones generated from its rules (each pattern, range, enum, type and required
 * field; a body over the limit; a body that is not JSON), and checks each answer against the
 * document with Atlassian's swagger-request-validator: the status is one the operation documents,
 * the body matches its schema and the content type its media type. The document and the server
 * must also agree on what is invalid: the validator rejects exactly the requests the server refuses.
 */
class OpenApiConformanceTest {
    private static final String MALFORMED = "!!";

    private ApiFixture api;
    private JsonNode doc;
    private OpenApiInteractionValidator validator;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();
    private int sent;

    /** One request as sent: method, path (already encoded), query, body and content type (null: none). */
    record Call(String method, String template, String path, String query, String body, String contentType) {
        String describe() {
            return method.toUpperCase(Locale.ROOT) + " " + path + (query.isEmpty() ? "" : "?" + query)
                    + (body == null ? "" : " " + (body.length() > 80 ? body.substring(0, 80) + "..." : body));
        }
    }

    @Test
    void everyOperation_answersValidAndInvalidRequestsAsDocumented() throws Exception {
        try (ApiFixture fixture = ApiFixture.h2()) {
            api = fixture;
            api.twoNetworks();
            // the pool the examples name, with a password the server can read (its connections fail: nothing listens there)
            java.nio.file.Files.writeString(api.poolSecrets.resolve("example.password"), "secret\n");
            assertThat(api.post(api.admin, "/v1/pools", "{\"name\":\"example-pool\",\"url\":\"http://127.0.0.1:9\",\"user\":\"root\","
                    + "\"password_source\":\"file:" + api.poolSecrets.resolve("example.password") + "\",\"verify\":false}").status())
                    .isEqualTo(201);
            String text = api.get(null, "/v1/openapi.json").text();
            doc = ApiFixture.JSON.readTree(text);
            validator = OpenApiInteractionValidator.createForInlineApiSpecification(text).build();
            List<Map.Entry<String, String>> operations = operations();
            for (Map.Entry<String, String> op : operations) {
                if (!op.getValue().equals("delete")) {
                    invalid(op.getKey(), op.getValue());
                    valid(op.getKey(), op.getValue());
                }
            }
            for (Map.Entry<String, String> op : operations) {
                if (op.getValue().equals("delete")) {
                    invalid(op.getKey(), op.getValue());
                    valid(op.getKey(), op.getValue());
                }
            }
        }
        assertThat(problems).as("answers that break the document, out of %d requests", sent).isEmpty();
        assertThat(sent).isGreaterThan(100);
    }

    private List<Map.Entry<String, String>> operations() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> out.add(Map.entry(p.getKey(), m))));
        return out;
    }

    private JsonNode operation(String template, String method) {
        return doc.get("paths").get(template).get(method);
    }

    private List<JsonNode> parameters(String template, String method, String in) {
        List<JsonNode> out = new ArrayList<>();
        operation(template, method).path("parameters").forEach(p -> {
            if (p.get("in").asText().equals(in)) {
                out.add(p);
            }
        });
        return out;
    }

    private JsonNode bodySchema(String template, String method) {
        JsonNode schema = operation(template, method).path("requestBody").path("content").path("application/json").path("schema");
        return schema.has("$ref") ? resolve(schema.get("$ref").asText()) : schema;
    }

    private JsonNode resolve(String ref) {
        JsonNode node = doc;
        for (String part : ref.substring(2).split("/")) {
            node = node.get(part);
        }
        return node;
    }

    private JsonNode example(String template, String method) {
        return operation(template, method).path("requestBody").path("content").path("application/json").get("example");
    }

    private Call call(String template, String method, Map<String, String> pathValues, String query, String body, String contentType) {
        String path = template;
        for (JsonNode p : parameters(template, method, "path")) {
            String name = p.get("name").asText();
            String value = pathValues.getOrDefault(name, p.get("example").asText());
            path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new Call(method, template, path, query, body, contentType);
    }

    private void valid(String template, String method) throws Exception {
        JsonNode example = example(template, method);
        Call c = call(template, method, Map.of(), "", example == null ? null : example.toString(), example == null ? null : "application/json");
        ValidationReport request = validator.validateRequest(request(c));
        if (request.hasErrors()) {
            problems.add("the document's own example is invalid: " + c.describe() + ": " + messages(request));
        }
        HttpResponse<String> r = send(c);
        if (List.of(400, 413, 415, 500).contains(r.statusCode())) {
            problems.add("a valid request was refused: " + c.describe() + " -> " + r.statusCode() + " " + r.body());
        }
    }

    private void invalid(String template, String method) throws Exception {
        JsonNode example = example(template, method);
        List<Call> calls = new ArrayList<>();
        for (JsonNode p : parameters(template, method, "path")) {
            if (p.path("schema").has("pattern")) {
                calls.add(call(template, method, Map.of(p.get("name").asText(), MALFORMED), "", bodyOf(example), typeOf(example)));
            }
        }
        for (JsonNode p : parameters(template, method, "query")) {
            for (String bad : badScalars(p.get("schema"), true)) {
                String query = URLEncoder.encode(p.get("name").asText(), StandardCharsets.UTF_8) + "=" + bad;
                calls.add(call(template, method, Map.of(), query, bodyOf(example), typeOf(example)));
            }
        }
        if (example != null) {
            JsonNode schema = bodySchema(template, method);
            schema.path("properties").fields().forEachRemaining(f -> {
                for (String bad : badScalars(f.getValue(), false)) {
                    ObjectNode body = ((ObjectNode) example.deepCopy());
                    body.set(f.getKey(), parse(bad));
                    calls.add(call(template, method, Map.of(), "", body.toString(), "application/json"));
                }
            });
            for (JsonNode required : schema.path("required")) {
                ObjectNode body = ((ObjectNode) example.deepCopy());
                body.remove(required.asText());
                calls.add(call(template, method, Map.of(), "", body.toString(), "application/json"));
            }
            ObjectNode unknown = ((ObjectNode) example.deepCopy());
            unknown.put("colour", "red");
            calls.add(call(template, method, Map.of(), "", unknown.toString(), "application/json"));
            calls.add(call(template, method, Map.of(), "", example.toString(), "text/plain"));
            calls.add(call(template, method, Map.of(), "", "{\"pad\":\"" + "x".repeat(70_000) + "\"}", "application/json"));
        }
        for (Call c : calls) {
            HttpResponse<String> r = send(c);
            ValidationReport request = validator.validateRequest(request(c));
            if (!List.of(400, 413, 415).contains(r.statusCode())) {
                problems.add("an invalid request was not refused: " + c.describe() + " -> " + r.statusCode() + " " + clip(r.body()));
            }
            if (!request.hasErrors()) {
                problems.add("the server refused what the document allows: " + c.describe() + " -> " + r.statusCode() + " " + clip(r.body()));
            }
        }
    }

    /** Values that break the schema's rules, as JSON text (or, for a query, as a raw, encoded value). */
    private static List<String> badScalars(JsonNode schema, boolean query) {
        List<String> out = new ArrayList<>();
        String type = schema.path("type").asText();
        if (schema.has("pattern")) {
            out.add(query ? "%21%21" : "\"" + MALFORMED + "\"");
        }
        if (schema.has("minimum")) {
            out.add(Long.toString(schema.get("minimum").asLong() - 1));
        }
        if (schema.has("maximum") && schema.get("maximum").asLong() < Long.MAX_VALUE) {
            out.add(Long.toString(schema.get("maximum").asLong() + 1));
        }
        if (schema.has("enum")) {
            out.add(query ? "none-of-them" : "\"none-of-them\"");
        }
        if (schema.path("minLength").asInt() > 0) {
            out.add(query ? "" : "\"\"");
        }
        switch (type) {
            case "integer" -> out.add(query ? "x" : "\"7\"");
            case "boolean" -> out.add(query ? "maybe" : "\"true\"");
            case "string" -> {
                if (!query) {
                    out.add("7");
                    out.add("null");
                }
            }
            default -> { }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return ApiFixture.JSON.readTree(json);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    private static String bodyOf(JsonNode example) {
        return example == null ? null : example.toString();
    }

    private static String typeOf(JsonNode example) {
        return example == null ? null : "application/json";
    }

    private HttpResponse<String> send(Call c) throws Exception {
        sent++;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + c.path() + (c.query().isEmpty() ? "" : "?" + c.query())))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + api.admin)
                .method(c.method().toUpperCase(Locale.ROOT), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body()));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        SimpleResponse.Builder response = new SimpleResponse.Builder(r.statusCode()).withBody(r.body());
        r.headers().firstValue("Content-Type").ifPresent(response::withContentType);
        ValidationReport report = validator.validateResponse(c.path(), Request.Method.valueOf(c.method().toUpperCase(Locale.ROOT)),
                response.build());
        if (report.hasErrors()) {
            problems.add("answer not as documented: " + c.describe() + " -> " + r.statusCode() + " " + clip(r.body()) + ": "
                    + messages(report));
        }
        return r;
    }

    private static Request request(Call c) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(c.method().toUpperCase(Locale.ROOT), c.path())
                .withHeader("Authorization", "Bearer x");
        if (!c.query().isEmpty()) {
            for (String pair : c.query().split("&")) {
                int eq = pair.indexOf('=');
                b.withQueryParam(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        decodeOrRaw(pair.substring(eq + 1)));
            }
        }
        if (c.body() != null) {
            b.withBody(c.body()).withContentType(c.contentType());
        }
        return b.build();
    }

    private static String decodeOrRaw(String value) {
        try {
            return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private static String messages(ValidationReport report) {
        return report.getMessages().stream().map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("; "));
    }

    private static String clip(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
