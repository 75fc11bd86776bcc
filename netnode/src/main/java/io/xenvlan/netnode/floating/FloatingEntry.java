package io.xenvlan.netnode.floating;

import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.Objects;

/** One association as the node applies it: {@code floatingIp} on {@code iface}, NATed 1:1 to {@code fixed}, filtered by the project's chain. */
record FloatingEntry(Ipv4Address floatingIp, Ipv4Address fixed, ProjectId project, InterfaceName iface) {
    FloatingEntry {
        Objects.requireNonNull(floatingIp, "floatingIp");
        Objects.requireNonNull(fixed, "fixed");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(iface, "iface");
    }
}
