package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed query parameters; errors name the parameter. The query string is decoded here, strictly:
 * a parameter that is present but empty, or whose name or value is not valid percent-encoded
 * UTF-8, is refused (400) rather than silently dropped as if it had not been sent.
 */
final class Query {
    private static final String PARSED = "xenvlan.query";

    private Query() {}

    static Optional<String> string(Context ctx, String name) {
        return Optional.ofNullable(parameters(ctx).get(name));
    }

    static int integer(Context ctx, String name, int fallback, int min, int max) {
        Optional<String> v = string(ctx, name);
        if (v.isEmpty()) {
            return fallback;
        }
        if (!v.get().matches("-?[0-9]{1,10}")) {
            throw new InvalidInputException(name, "integer", name + ": must be a whole number");
        }
        long n = Long.parseLong(v.get());
        if (n < min || n > max) {
            throw new InvalidInputException(name, "range", name + ": must be between " + min + " and " + max);
        }
        return (int) n;
    }

    static Optional<Boolean> bool(Context ctx, String name) {
        Optional<String> v = string(ctx, name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return switch (v.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new InvalidInputException(name, "boolean", name + ": must be true or false");
        };
    }

    private static Map<String, String> parameters(Context ctx) {
        Map<String, String> parsed = ctx.attribute(PARSED);
        if (parsed == null) {
            parsed = parse(ctx.queryString());
            ctx.attribute(PARSED, parsed);
        }
        return parsed;
    }

    /** {@code a=1&b=x}: the first value of each name. @throws InvalidInputException naming the parameter */
    static Map<String, String> parse(String query) {
        Map<String, String> out = new HashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            if (name.isEmpty()) {
                throw new InvalidInputException("query", "name", "query: a parameter without a name");
            }
            if (value.isEmpty()) {
                throw new InvalidInputException(name, "non-empty", name + ": present but empty; leave the parameter out instead");
            }
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static String decode(String text, String field) {
        return strictlyDecoded(text).orElseThrow(() -> {
            String shown = field.length() > 40 ? field.substring(0, 40) : field;
            return new InvalidInputException(shown, "encoding", shown + ": not valid percent-encoded UTF-8");
        });
    }

    /** Percent-decoded ({@code +} as a space) when every escape is whole, the bytes are UTF-8 and no control character results. */
    static Optional<String> strictlyDecoded(String text) {
        try {
            String decoded = URLDecoder.decode(text, StandardCharsets.UTF_8);
            boolean clean = decoded.indexOf('\uFFFD') < 0 && decoded.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
            return clean ? Optional.of(decoded) : Optional.empty();
        } catch (IllegalArgumentException badEscape) {
            return Optional.empty();
        }
    }
}
