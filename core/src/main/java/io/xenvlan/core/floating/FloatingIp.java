package io.xenvlan.core.floating;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * A floating IP a project holds, associated with at most one fixed address (and a fixed address
 * with at most one floating IP: 1:1 NAT).
 *
 * @param autoAssigned given by an attach ({@code --auto-floating} / {@code floating.auto-assign}),
 *                     so it goes when that address is released
 */
public record FloatingIp(Ipv4Address address, FloatingPoolName pool, ProjectId project, Optional<FloatingAssociation> association,
                         boolean autoAssigned) {
    public FloatingIp {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(association, "association");
    }

    /** {@code associated} or {@code allocated}. */
    public String state() {
        return association.isPresent() ? "associated" : "allocated";
    }
}
