package io.xenvlan.core.netnode;

import io.xenvlan.core.port.NetworkNodeStore;
import java.util.Map;
import java.util.Objects;

/**
 * What a network node reads in one pass ({@link NetworkNodeStore#changes}): the change marks and,
 * read together with them, the host changes of each network it asked about whose entries it holds
 * as of an older sequence (networks already up to date are absent).
 */
public record NodeChanges(ChangeMarks marks, Map<Long, HostChanges> hosts) {
    public NodeChanges {
        Objects.requireNonNull(marks, "marks");
        hosts = Map.copyOf(Objects.requireNonNull(hosts, "hosts"));
    }
}
