package io.xenvlan.core.error;

import java.util.Map;

/** No valid credentials. HTTP 401 / exit 7. */
public final class UnauthorizedException extends XenvlanException {
    public UnauthorizedException(String message) {
        super(message, Map.of(), null);
    }

    @Override
    public String code() {
        return "unauthorized";
    }
}
