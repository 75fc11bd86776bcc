package io.xenvlan.core.floating;

import java.util.Objects;

/** A pool with how many of its addresses projects hold ({@code allocated}) and how many of those are associated. */
public record PoolUsage(FloatingPool pool, long allocated, long associated) {
    public PoolUsage {
        Objects.requireNonNull(pool, "pool");
    }

    public long free() {
        return pool.usable() - allocated;
    }
}
