package io.xenvlan.core.store;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One allocation for an instance of a project.
 *
 * @param address     the requested fixed IP, or any free one
 * @param now         the time stamped on the VIF
 * @param staleBefore released addresses still leased but released before this instant count as free
 */
public record AllocationRequest(ProjectId project, InstanceId instance, Optional<Ipv4Address> address,
                                Instant now, Instant staleBefore) {
    public AllocationRequest {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(staleBefore, "staleBefore");
    }
}
