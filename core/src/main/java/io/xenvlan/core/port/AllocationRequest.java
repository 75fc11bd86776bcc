package io.xenvlan.core.port;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One allocation for an instance of a project.
 *
 * @param address     the requested fixed IP, or any free one
 * @param now         the time stamped on the VIF
 * @param staleBefore released addresses still leased but released before this instant count as free
 * @param vifUuid     the uuid of the VIF an attach recorded before allocating (the allocation is
 *                    then recorded on that VIF in the same transaction); empty: a new uuid
 */
public record AllocationRequest(ProjectId project, InstanceId instance, Optional<Ipv4Address> address,
                                Instant now, Instant staleBefore, Optional<UUID> vifUuid) {
    public AllocationRequest {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(staleBefore, "staleBefore");
        Objects.requireNonNull(vifUuid, "vifUuid");
    }
}
