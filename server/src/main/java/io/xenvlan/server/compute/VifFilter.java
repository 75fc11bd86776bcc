package io.xenvlan.server.compute;

import java.util.Objects;
import java.util.Optional;

/**
 * Which of xenvlan's VIFs a listing returns: on this pool, on this VM, of this project, each only when given.
 * The API puts a project token's own project here (and refuses another), so its listing reads only its rows.
 */
public record VifFilter(Optional<String> pool, Optional<String> vm, Optional<String> project) {
    public VifFilter {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(project, "project");
    }

    /** Every VIF of every project. */
    static VifFilter everything() {
        return new VifFilter(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Every VIF on the pool. */
    static VifFilter onPool(String pool) {
        return new VifFilter(Optional.of(pool), Optional.empty(), Optional.empty());
    }
}
