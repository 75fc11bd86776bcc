package io.xenvlan.core.ipam;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.util.Objects;
import java.util.UUID;

/**
 * The result of allocating for an instance: a new VIF record (id, uuid, unique MAC) holding a fixed
 * IP of the project's network.
 */
public record Allocation(long vifId, UUID vifUuid, InstanceId instance, MacAddress mac, Ipv4Address address, Network network) {
    public Allocation {
        Objects.requireNonNull(vifUuid, "vifUuid");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
    }
}
