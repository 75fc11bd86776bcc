package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An allocated address whose VIF uuid no VIF record of xenvlan carries: either an IPAM-only
 * allocation ({@code address allocate}) or an address an attach leaked (made by a version before
 * attaches were recorded first). The audit tells them apart by the instance: a VM of the pool.
 *
 * @param allocatedAt when it was allocated (leaked addresses are released only after a grace period)
 */
public record UnrecordedAddress(Ipv4Address address, long networkId, InstanceId instance, UUID vifUuid, MacAddress mac,
                                Optional<Instant> allocatedAt) {
    public UnrecordedAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(vifUuid, "vifUuid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(allocatedAt, "allocatedAt");
    }
}
