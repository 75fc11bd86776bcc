package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads XenAPI record fields from JSON, leniently: a missing field takes a neutral default and
 * numbers or booleans sent as strings (the XML-RPC habit) are accepted, so a record from an
 * older or newer pool still decodes.
 */
final class Fields {
    private Fields() {
    }

    static String str(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    static long lng(JsonNode record, String field, long absent) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (value.isNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asText().trim());
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    static boolean bool(JsonNode record, String field, boolean absent) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        String text = value.asText();
        return "true".equalsIgnoreCase(text) || "1".equals(text);
    }

    static <T> Ref<T> ref(JsonNode record, String field) {
        String value = str(record, field);
        return value.isEmpty() ? Ref.nullRef() : Ref.of(value);
    }

    static <T> List<Ref<T>> refs(JsonNode record, String field) {
        List<Ref<T>> refs = new ArrayList<>();
        JsonNode value = record.get(field);
        if (value != null && value.isArray()) {
            value.forEach(v -> refs.add(Ref.of(v.asText())));
        }
        return Collections.unmodifiableList(refs);
    }

    static List<String> strings(JsonNode record, String field) {
        List<String> strings = new ArrayList<>();
        JsonNode value = record.get(field);
        if (value != null && value.isArray()) {
            value.forEach(v -> strings.add(v.asText()));
        }
        return Collections.unmodifiableList(strings);
    }

    static Map<String, String> map(JsonNode record, String field) {
        return stringMap(record.get(field));
    }

    /** A XenAPI (string -> string) map; non-string values keep their JSON text. */
    static Map<String, String> stringMap(JsonNode value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null && value.isObject()) {
            value.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().isValueNode()
                    ? e.getValue().asText() : e.getValue().toString()));
        }
        return Collections.unmodifiableMap(map);
    }
}
