package io.xenvlan.core.floating;

import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an association: the floating IP as it is now and, when it was associated
 * elsewhere before, the fixed address it was moved from (as nova did, the association moves).
 */
public record Associated(FloatingIp floatingIp, Optional<Ipv4Address> movedFrom) {
    public Associated {
        Objects.requireNonNull(floatingIp, "floatingIp");
        Objects.requireNonNull(movedFrom, "movedFrom");
    }
}
