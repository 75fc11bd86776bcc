package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A VIF as the pool records it, for audits.
 *
 * @param vmUuid         the uuid of its VM as the pool gives it (empty for a VM the pool does not
 *                       know, so text, not an InstanceId)
 * @param mac            its MAC, read case-insensitively (empty when it is not one)
 * @param xenvlanVifUuid the xenvlan VIF uuid in its other_config, when xenvlan made it
 * @param deployment     the xenvlan deployment id in its other_config (VIFs made before it was written carry none)
 * @param ipv4Allowed    the addresses it is locked to
 */
public record PoolVif(String ref, String vmUuid, String networkRef, String device, Optional<MacAddress> mac,
                      Optional<UUID> xenvlanVifUuid, Optional<UUID> deployment, String lockingMode,
                      List<String> ipv4Allowed, boolean attached) {
    public PoolVif {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(networkRef, "networkRef");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(xenvlanVifUuid, "xenvlanVifUuid");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(lockingMode, "lockingMode");
        ipv4Allowed = List.copyOf(ipv4Allowed);
    }
}
