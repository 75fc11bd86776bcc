package io.xenvlan.core.hypervisor;

import java.util.Objects;
import java.util.Optional;

/**
 * One guest VM of a pool as the pool reports it (no template, snapshot or control domain): name label, uuid,
 * power state in XenAPI's spelling ({@code Running}, {@code Halted} ...), and the host it runs on, if any.
 */
public record PoolGuest(String name, String uuid, String powerState, Optional<String> host) {
    public PoolGuest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(powerState, "powerState");
        Objects.requireNonNull(host, "host");
    }
}
