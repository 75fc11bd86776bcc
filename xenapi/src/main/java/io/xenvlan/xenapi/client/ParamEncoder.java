package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;

/**
 * Turns call arguments into JSON: strings, numbers, booleans, refs (as their string), maps
 * (keys as strings) and collections; JSON trees pass through. Written out so the wire form
 * of a ref or a spec never depends on reflection.
 */
final class ParamEncoder {
    private ParamEncoder() {
    }

    static JsonNode encode(ObjectMapper mapper, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("XenAPI has no null; pass \"\" or Ref.nullRef()");
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return mapper.getNodeFactory().textNode(s);
        }
        if (value instanceof Ref<?> ref) {
            return mapper.getNodeFactory().textNode(ref.value());
        }
        if (value instanceof Boolean b) {
            return mapper.getNodeFactory().booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return mapper.getNodeFactory().numberNode(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            return mapper.getNodeFactory().numberNode(((Number) value).doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = mapper.createObjectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), encode(mapper, v)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = mapper.createArrayNode();
            collection.forEach(v -> array.add(encode(mapper, v)));
            return array;
        }
        throw new IllegalArgumentException("cannot send a " + value.getClass().getName() + " to XenAPI");
    }
}
