package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import java.util.Optional;

/** Typed query parameters; errors name the parameter. */
final class Query {
    private Query() {}

    static Optional<String> string(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
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
}
