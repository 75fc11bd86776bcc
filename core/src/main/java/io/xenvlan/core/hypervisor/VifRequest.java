package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.MacAddress;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A VIF to create on a VM of a pool: xenvlan's VIF uuid, the MAC from IPAM, the tenant network,
 * and an optional rate limit in kbit/s.
 */
public record VifRequest(UUID xenvlanVifUuid, String vmUuid, MacAddress mac, Network network, OptionalLong rateKbps) {
    public VifRequest {
        Objects.requireNonNull(xenvlanVifUuid, "xenvlanVifUuid");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(rateKbps, "rateKbps");
    }
}
