package io.xenvlan.core.hypervisor;

import java.util.Objects;
import java.util.Optional;

/**
 * A VM record of a pool, as far as an attach cares.
 *
 * @param residentHost the host it runs on (a XenAPI host ref), when it runs
 */
public record VmInfo(String uuid, String nameLabel, VmKind kind, boolean running, Optional<String> residentHost) {
    public VmInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(residentHost, "residentHost");
    }
}
