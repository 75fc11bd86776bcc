package io.xenvlan.core.error;

import java.util.Map;

/** A named thing (network, project, pool, VIF ...) does not exist. Maps to HTTP 404 / exit 3. */
public final class NotFoundException extends XenvlanException {
    public NotFoundException(String kind, String id) {
        super(kind + " " + id + " not found", Map.of("kind", kind, "id", id), null);
    }

    @Override
    public String code() {
        return "not_found";
    }
}
