package io.xenvlan.sim.xapi;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * How xapi's database stores a value as a string, which is what filters compare: booleans
 * {@code "true"}, ints in decimal, sets and maps as S-expressions ({@code ()} when empty,
 * {@code ('a' 'b')}, {@code (('k' 'v'))}).
 */
final class DbStrings {
    static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private DbStrings() {}

    static String of(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("(");
            for (Object item : list) {
                sb.append(sb.length() > 1 ? " " : "").append(quote(String.valueOf(item)));
            }
            return sb.append(')').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("(");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(sb.length() > 1 ? " " : "").append('(')
                        .append(quote(String.valueOf(e.getKey()))).append(' ')
                        .append(quote(String.valueOf(e.getValue()))).append(')');
            }
            return sb.append(')').toString();
        }
        if (value instanceof Instant instant) {
            return DATETIME.format(instant);
        }
        return String.valueOf(value);
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
