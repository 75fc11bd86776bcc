package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Optional;

/**
 * How xenvlan trusts a pool's certificate: the system trust store, a CA file (PEM path), a pinned
 * SHA-256 fingerprint, or (explicitly) not at all.
 */
public record PoolTls(Mode mode, Optional<String> value) {
    public enum Mode { SYSTEM, CA_FILE, PINNED, INSECURE }

    /** @throws InvalidInputException when CA_FILE or PINNED comes without its value */
    public PoolTls {
        if ((mode == Mode.CA_FILE || mode == Mode.PINNED) && (value.isEmpty() || value.get().isBlank())) {
            throw new InvalidInputException("tls", "value", "tls: " + mode + " needs a value (CA file path or fingerprint)");
        }
    }

    public static PoolTls system() {
        return new PoolTls(Mode.SYSTEM, Optional.empty());
    }
}
