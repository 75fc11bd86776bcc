package io.xenvlan.core.guest;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One VM as the metadata service serves it: the VIF holding {@code address} in its network.
 *
 * @param instanceId       the instance (the VM's uuid for VIFs xenvlan attached)
 * @param vifUuid          xenvlan's VIF
 * @param project          the project owning the network
 * @param availabilityZone the pool the VIF lives on ({@code nova} for an address allocated without one)
 * @param profile          what the attach gave; a default built from the instance id when it gave nothing
 * @param publicIpv4       the floating address associated with it, when there is one
 */
public record GuestView(InstanceId instanceId, UUID vifUuid, Ipv4Address address, MacAddress mac, ProjectId project,
                        String availabilityZone, GuestProfile profile, Optional<Ipv4Address> publicIpv4) {
    public GuestView {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(vifUuid, "vifUuid");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(publicIpv4, "publicIpv4");
    }
}
