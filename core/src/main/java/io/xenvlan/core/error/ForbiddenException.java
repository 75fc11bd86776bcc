package io.xenvlan.core.error;

import java.util.Map;

/** Valid credentials without the right to this resource; never says whether it exists. HTTP 403 / exit 7. */
public final class ForbiddenException extends XenvlanException {
    public ForbiddenException(String message) {
        super(message, Map.of(), null);
    }

    @Override
    public String code() {
        return "forbidden";
    }
}
