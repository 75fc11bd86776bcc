package io.xenvlan.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON error body every failure answers (the REST API's 4xx/5xx, a command's {@code --json} error):
 * {@code {code, message, details}}.
 *
 * @param details what the error carries for a program to act on (the field and rule of bad input, a pool's
 *                error code ...): a map, as each kind of error has keys of its own
 */
public record ErrorBody(String code, String message, Map<String, Object> details) {
    public ErrorBody {
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details)); // in the order the error gave them
    }

    /** A server that is shutting down or too busy to take the request: 503. */
    public static ErrorBody unavailable(String message) {
        return new ErrorBody("unavailable", message, Map.of());
    }
}
