package io.xenvlan.core.ipam;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One address of a network and its state. {@code allocated}: a VIF holds it. {@code leased}:
 * dnsmasq confirmed a lease. After release the instance and MAC are remembered until the address
 * is handed out again, so a late lease event can still be matched.
 */
public record FixedIp(
        long networkId,
        Ipv4Address address,
        boolean reserved,
        boolean allocated,
        boolean leased,
        Optional<InstanceId> instance,
        Optional<MacAddress> mac,
        Optional<Instant> releasedAt) {

    public FixedIp {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(releasedAt, "releasedAt");
    }

    /** The lease state in one word, for tables: reserved, allocated, leased, released (stale lease) or free. */
    public String state() {
        if (reserved) {
            return "reserved";
        }
        if (allocated) {
            return leased ? "leased" : "allocated";
        }
        return leased ? "released" : "free";
    }
}
