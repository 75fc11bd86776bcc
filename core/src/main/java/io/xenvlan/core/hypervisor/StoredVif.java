package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One of xenvlan's VIFs as the store records it, from the moment its attach is intended.
 *
 * @param nic       xenvlan's NIC number on the VM (0 unless another NIC was asked for)
 * @param project   the project it was attached for (unknown only for a VIF recorded before projects were)
 * @param address   the fixed IP, once allocated (with its network and MAC)
 * @param placement where it lives on the pool, once attached
 * @param locked    whether xenvlan locked it to its MAC and address ({@code locking_mode = locked})
 */
public record StoredVif(UUID uuid, PoolName pool, InstanceId vmUuid, int nic, VifState state, Optional<ProjectId> project,
                        Optional<Long> networkId, Optional<Ipv4Address> address, Optional<MacAddress> mac,
                        OptionalLong rateKbps, boolean locked, Optional<PlacedVif> placement, Instant createdAt) {
    public StoredVif {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(rateKbps, "rateKbps");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
