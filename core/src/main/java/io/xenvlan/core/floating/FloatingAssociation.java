package io.xenvlan.core.floating;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/** Where a floating IP points: a VM's fixed address on its project's network. */
public record FloatingAssociation(Ipv4Address fixedAddress, long networkId, Optional<InstanceId> instance) {
    public FloatingAssociation {
        Objects.requireNonNull(fixedAddress, "fixedAddress");
        Objects.requireNonNull(instance, "instance");
    }
}
