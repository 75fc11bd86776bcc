package io.xenvlan.sim.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-RPC 1.0 and 2.0 as xapi speaks it on {@code /jsonrpc} (2.0 when the request says
 * {@code "jsonrpc":"2.0"}): positional {@code params}, a required {@code id}; XenAPI failures
 * as {@code "error": ["CODE", ...]} (1.0) or {@code {"code":1,"message":"CODE","data":[...]}}
 * (2.0). A body that is not JSON is a JSON-RPC parse error (-32700), a JSON value that is not a
 * call an invalid request (-32600); Jackson's read constraints bound nesting and sizes.
 */
public final class JsonRpcCodec {
    /** How deep JSON may nest in a request. */
    static final int MAX_DEPTH = 32;

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(4 * 1024 * 1024)
                    .maxNumberLength(64)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRpcCodec() {}

    /** A decoded request: the call, its id (echoed back) and the protocol version. */
    public record Request(RpcCall call, JsonNode id, boolean v2) {
    }

    /** A request that cannot be answered as a call: answered with a JSON-RPC 2.0 error. */
    public static final class ProtocolError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;
        private final transient JsonNode id;

        ProtocolError(int code, String message, JsonNode id) {
            super(message);
            this.code = code;
            this.id = id;
        }

        public byte[] encode() {
            return write(g -> {
                g.writeStringField("jsonrpc", "2.0");
                g.writeObjectFieldStart("error");
                g.writeNumberField("code", code);
                g.writeStringField("message", getMessage());
                g.writeEndObject();
                g.writeFieldName("id");
                MAPPER.writeTree(g, id);
            });
        }
    }

    public static Request decode(byte[] body) throws ProtocolError {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolError(-32700, "Parse error", NullNode.instance);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolError(-32600, "Invalid Request: not an object", NullNode.instance);
        }
        JsonNode id = root.get("id");
        if (id == null || !(id.isValueNode())) {
            throw new ProtocolError(-32600, "Invalid Request: id is required", NullNode.instance);
        }
        JsonNode version = root.get("jsonrpc");
        if (version != null && !version.asText().equals("2.0")) {
            throw new ProtocolError(-32600, "Invalid Request: unsupported jsonrpc version", id);
        }
        JsonNode method = root.get("method");
        if (method == null || !method.isTextual()) {
            throw new ProtocolError(-32600, "Invalid Request: method must be a string", id);
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isArray() && !params.isNull()) {
            throw new ProtocolError(-32602, "Invalid params: params must be an array", id);
        }
        List<Object> values = new ArrayList<>();
        if (params != null) {
            params.forEach(p -> values.add(plain(p)));
        }
        return new Request(new RpcCall(method.asText(), values), id, version != null);
    }

    private static Object plain(JsonNode n) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), plain(e.getValue()));
            }
            return out;
        }
        return null;
    }

    public static byte[] success(Request request, Object value) {
        return write(g -> {
            if (request.v2()) {
                g.writeStringField("jsonrpc", "2.0");
            }
            g.writeFieldName("result");
            value(g, value);
            if (!request.v2()) {
                g.writeNullField("error");
            }
            g.writeFieldName("id");
            MAPPER.writeTree(g, request.id());
        });
    }

    public static byte[] failure(Request request, List<String> description) {
        return write(g -> {
            if (request.v2()) {
                g.writeStringField("jsonrpc", "2.0");
                g.writeObjectFieldStart("error");
                g.writeNumberField("code", 1);
                g.writeStringField("message", description.get(0));
                g.writeFieldName("data");
                value(g, description.subList(1, description.size()));
                g.writeEndObject();
            } else {
                g.writeNullField("result");
                g.writeFieldName("error");
                value(g, description);
            }
            g.writeFieldName("id");
            MAPPER.writeTree(g, request.id());
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant i) {
            g.writeString(DATETIME.format(i));
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
