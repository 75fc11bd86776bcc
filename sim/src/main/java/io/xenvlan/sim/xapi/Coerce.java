package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a decoded wire value into the value a field of a given kind holds. XML-RPC carries
 * int64 as strings and JSON-RPC as numbers, so both are accepted; anything that does not fit
 * is {@code FIELD_TYPE_ERROR [name]}.
 */
final class Coerce {
    private Coerce() {}

    static Object to(Kind kind, Object value, String name) {
        Object v = switch (kind) {
            case STRING, ENUM, REF -> value instanceof String s ? s : null;
            case INT -> int64(value);
            case BOOL -> bool(value);
            case FLOAT -> dbl(value);
            case DATETIME -> datetime(value);
            case SET_REF, SET_STRING -> stringList(value);
            case MAP -> stringMap(value);
        };
        if (v == null) {
            throw XenApiFailure.of("FIELD_TYPE_ERROR", name);
        }
        return v;
    }

    private static Long int64(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        return null;
    }

    private static Double dbl(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Instant datetime(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof String s) {
            try {
                return Instant.from(DbStrings.DATETIME.parse(s));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static List<String> stringList(Object value) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, String> stringMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                return null;
            }
            out.put(String.valueOf(e.getKey()), s);
        }
        return Collections.unmodifiableMap(out);
    }
}
