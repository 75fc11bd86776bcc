package io.xenvlan.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root of xenvlan's error hierarchy. Every failure a user can see is one of the few subclasses,
 * each with a stable {@link #code()}, a human message and structured details; the server maps
 * them in one place to an HTTP status, a CLI exit code and a JSON body {@code {code, message, details}}.
 */
public abstract class XenvlanException extends RuntimeException {
    private final Map<String, Object> details;

    protected XenvlanException(String message, Map<String, ?> details, Throwable cause) {
        super(message, cause);
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Stable machine-readable category, e.g. {@code invalid_input}. */
    public abstract String code();

    /** Structured facts about the failure (field, rule, ids, XenAPI error code ...). */
    public Map<String, Object> details() {
        return details;
    }
}
