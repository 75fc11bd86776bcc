package io.xenvlan.core.floating;

import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/** Which floating IPs to list: of one pool, of one project, or all. */
public record FloatingFilter(Optional<FloatingPoolName> pool, Optional<ProjectId> project) {
    public FloatingFilter {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(project, "project");
    }

    static FloatingFilter all() {
        return new FloatingFilter(Optional.empty(), Optional.empty());
    }
}
