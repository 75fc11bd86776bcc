package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A VIF to create on a VM of a pool: xenvlan's VIF uuid and this store's deployment id (both
 * tag the XenAPI VIF, so xenvlan finds it again after any failure), the MAC and address from
 * IPAM (the VIF is locked to them), the tenant network, and an optional rate limit in kbit/s.
 */
public record VifRequest(UUID xenvlanVifUuid, UUID deployment, InstanceId vmUuid, MacAddress mac, Ipv4Address address,
                         Network network, OptionalLong rateKbps) {
    public VifRequest {
        Objects.requireNonNull(xenvlanVifUuid, "xenvlanVifUuid");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(rateKbps, "rateKbps");
    }
}
