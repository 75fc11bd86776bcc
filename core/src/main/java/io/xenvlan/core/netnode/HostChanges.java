package io.xenvlan.core.netnode;

import io.xenvlan.core.value.Ipv4Address;
import java.util.List;
import java.util.Objects;

/**
 * What changed in a network's host entries between two change sequences ({@link
 * NetworkNodeStore#hostChanges}): entries whose address was (re)allocated, addresses released, and
 * how many entries the store holds up to the later sequence. A release whose row is gone leaves
 * no stamp; the count reveals it: entries served before plus these changes must add up to it,
 * otherwise the node reads all entries again.
 */
public record HostChanges(List<HostEntry> allocated, List<Ipv4Address> released, long count) {
    public HostChanges {
        allocated = List.copyOf(Objects.requireNonNull(allocated, "allocated"));
        released = List.copyOf(Objects.requireNonNull(released, "released"));
    }
}
