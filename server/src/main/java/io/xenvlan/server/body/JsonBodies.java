package io.xenvlan.server.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.xenvlan.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/**
 * Strict JSON request bodies: unknown fields, wrong types (no string-to-number or number-to-string
 * coercion), numbers out of range, trailing tokens and bodies over the size limit are all
 * {@link InvalidInputException}s naming the field. Field names are snake_case. The REST routes and the
 * holder's local routes read every body through here, into the records of this package.
 */
public final class JsonBodies {
    /** Our bodies are flat objects: a deeper nesting or a longer number is an attack, not a request. */
    static final int MAX_NESTING = 16;
    static final int MAX_NUMBER_DIGITS = 100;
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // {"label": 0, "label": "x"} is refused, not read as its last value
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                            .maxNumberLength(MAX_NUMBER_DIGITS).build()).build())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static {
        // a string field takes a JSON string only, a number field a JSON integer only, a flag true or false only
        MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    private JsonBodies() {}

    /** Reads at most {@code maxBytes}; @throws InvalidInputException naming {@code body} when larger */
    public static byte[] readBounded(InputStream in, int maxBytes) {
        try (in) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException("body", "readable", "body: could not be read: " + e.getMessage());
        }
    }

    public static InvalidInputException tooLarge(int maxBytes) {
        return new InvalidInputException("body", InvalidInputException.RULE_MAX_SIZE, "body: larger than " + maxBytes + " bytes");
    }

    /** Parses a JSON object into {@code type}. @throws InvalidInputException naming the field at fault */
    public static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new InvalidInputException("body", "required", "body: a JSON object is required");
        }
        JsonParser parser = null;
        try {
            parser = MAPPER.createParser(body);
            JsonNode tree = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException("body", "json", "body: text after the JSON object");
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new InvalidInputException("body", "object", "body: must be a JSON object, not null");
            }
            // a field left out takes its default; a field sent as null is refused, not read as "left out"
            if (tree.isObject()) {
                tree.fields().forEachRemaining(f -> {
                    if (f.getValue().isNull()) {
                        String field = clip(f.getKey());
                        throw new InvalidInputException(field, "not-null", field + ": must not be null (leave the field out instead)");
                    }
                });
            }
            return MAPPER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String field = clip(e.getPropertyName());
            throw new InvalidInputException(field, "unknown-field", field + ": unknown field");
        } catch (StreamConstraintsException e) {
            String field = clip(enclosingField(parser));
            String what = e.getMessage() != null && e.getMessage().contains("nesting") ? "nested deeper than " + MAX_NESTING + " levels"
                    : "a number longer than " + MAX_NUMBER_DIGITS + " digits";
            throw new InvalidInputException(field, "limits", field + ": " + what);
        } catch (InputCoercionException e) {
            String field = clip(currentName(e));
            throw new InvalidInputException(field, "range", field + ": number out of range");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new InvalidInputException(field, "type", field + ": wrong type or shape ("
                    + clip(e.getOriginalMessage().split("\n")[0]) + ")");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidInputException("body", "json", "body: malformed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw new InvalidInputException("body", "json", "body: unreadable JSON");
        }
    }

    /** The name of the innermost object field the parser is in, however deep in arrays. */
    private static String enclosingField(JsonParser parser) {
        for (JsonStreamContext c = parser == null ? null : parser.getParsingContext(); c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                return c.getCurrentName();
            }
        }
        return "body";
    }

    private static String currentName(JsonProcessingException e) {
        try {
            Object parser = e.getProcessor();
            if (parser instanceof com.fasterxml.jackson.core.JsonParser p && p.currentName() != null) {
                return p.currentName();
            }
        } catch (IOException ignored) {
            // fall through to the generic name
        }
        return "body";
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "body" : clip(p);
    }

    private static String clip(String s) {
        if (s == null) {
            return "body";
        }
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }
}
