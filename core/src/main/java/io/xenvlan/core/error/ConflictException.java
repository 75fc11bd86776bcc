package io.xenvlan.core.error;

import java.util.Map;

/** The request clashes with existing state (duplicate VLAN, address taken, network in use ...). HTTP 409 / exit 4. */
public final class ConflictException extends XenvlanException {
    public ConflictException(String message, Map<String, ?> details) {
        super(message, details, null);
    }

    @Override
    public String code() {
        return "conflict";
    }
}
