package io.xenvlan.server.render;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** What {@code vif detach} did: the VIFs taken off the VM, and one line saying so (or that nothing was left). */
public record DetachmentView(String pool, String vm, List<Detached> detached, String message) {

    /** A VIF taken off, with the address it released. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Detached(String uuid, int nic, String mac, String address, Long networkId) {}
}
