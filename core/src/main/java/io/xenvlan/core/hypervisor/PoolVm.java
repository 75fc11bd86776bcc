package io.xenvlan.core.hypervisor;

import java.util.Objects;

/** A record of a pool's VM table, for audits: only a {@link VmKind#GUEST} is a VM. */
public record PoolVm(String uuid, String nameLabel, VmKind kind) {
    public PoolVm {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(nameLabel, "nameLabel");
        Objects.requireNonNull(kind, "kind");
    }
}
