package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.MacAddress;
import java.util.Objects;
import java.util.UUID;

/**
 * Where one of xenvlan's VIFs lives on a pool.
 *
 * @param xenvlanVifUuid the VIF's uuid in xenvlan's store (in the XenAPI VIF's other_config)
 * @param device         the VIF's device number on the VM
 * @param plugged        whether it was plugged (the VM was running)
 */
public record PlacedVif(UUID xenvlanVifUuid, PoolName pool, InstanceId vmUuid, MacAddress mac, String vifRef,
                        String networkRef, String device, boolean plugged) {
    public PlacedVif {
        Objects.requireNonNull(xenvlanVifUuid, "xenvlanVifUuid");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(vifRef, "vifRef");
        Objects.requireNonNull(networkRef, "networkRef");
        Objects.requireNonNull(device, "device");
    }
}
