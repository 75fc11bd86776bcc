package io.xenvlan.core.port;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * Which fixed IPs to list: of one network, one project's network or one instance; {@code inUse}
 * keeps only allocated or leased addresses.
 */
public record AddressFilter(Optional<Long> networkId, Optional<ProjectId> project, Optional<InstanceId> instance, boolean inUse) {
    public AddressFilter {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(instance, "instance");
    }

    public static AddressFilter inUseEverywhere() {
        return new AddressFilter(Optional.empty(), Optional.empty(), Optional.empty(), true);
    }
}
