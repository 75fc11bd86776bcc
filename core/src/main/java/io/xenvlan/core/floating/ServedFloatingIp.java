package io.xenvlan.core.floating;

import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;
import java.util.Optional;

/**
 * One association a network node applies: {@code floatingIp} on the public interface (the pool's, or
 * the node's {@code netnode.public-interface} when empty), DNAT to and SNAT from {@code fixed}.
 */
public record ServedFloatingIp(Ipv4Address floatingIp, Ipv4Address fixed, ProjectId project, long networkId,
                               Optional<InterfaceName> poolInterface) {
    public ServedFloatingIp {
        Objects.requireNonNull(floatingIp, "floatingIp");
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(poolInterface, "poolInterface");
    }
}
