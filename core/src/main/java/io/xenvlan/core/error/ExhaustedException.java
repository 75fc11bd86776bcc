package io.xenvlan.core.error;

import java.util.Map;

/** A pool ran dry: no free address, no free network, no free VLAN, no unique MAC. HTTP 422 / exit 5. */
public final class ExhaustedException extends XenvlanException {
    public ExhaustedException(String message, Map<String, ?> details) {
        super(message, details, null);
    }

    @Override
    public String code() {
        return "exhausted";
    }
}
