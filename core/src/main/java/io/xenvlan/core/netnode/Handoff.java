package io.xenvlan.core.netnode;

import java.util.Objects;

/**
 * A network a node holds above its fair share, offered to a live node with room: it moves to
 * {@code to} only if its lease epoch is still {@code epoch} (nobody took it meanwhile), and only
 * once the giving node stopped serving it.
 */
public record Handoff(long networkId, long epoch, String to) {
    public Handoff {
        Objects.requireNonNull(to, "to");
    }
}
