package io.xenvlan.core.hypervisor;

import io.xenvlan.core.value.InstanceId;
import java.util.List;
import java.util.Objects;

/** What {@code vif detach} did: the VIFs it took off the VM (none when there was nothing left to do). */
public record Detachment(PoolName pool, InstanceId vmUuid, List<DetachedVif> detached) {
    public Detachment {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(vmUuid, "vmUuid");
        detached = List.copyOf(detached);
    }

    /** One line for people: what was detached, or that nothing was left. */
    public String summary() {
        if (detached.isEmpty()) {
            return "nothing to detach: VM " + vmUuid + " has no xenvlan VIF on pool " + pool;
        }
        return "detached " + detached.size() + " VIF" + (detached.size() == 1 ? "" : "s") + " from VM " + vmUuid + " on pool " + pool;
    }
}
