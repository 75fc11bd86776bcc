package io.xenvlan.core.error;

import java.util.Map;

/** No valid credentials. HTTP 401 / exit 7. */
public final class UnauthorizedException extends XenvlanException {
    public UnauthorizedException(String message) {
        super(message, Map.of(), null);
    }

    /** @param details e.g. {@code reason: expired} */
    public UnauthorizedException(String message, Map<String, ?> details) {
        super(message, details, null);
    }

    @Override
    public String code() {
        return "unauthorized";
    }
}
