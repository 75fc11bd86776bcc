package io.xenvlan.netnode.plumbing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's interfaces as they are now, read in one listing per tool whatever the number of
 * networks: the links of the root namespace and of the node's namespace ({@code ip -o link},
 * name to its one-line description), the IPv4 addresses in the node's namespace ({@code ip -o -4
 * addr}, device to {@code address/prefix}), and the OVS trunk bridge's ports with their tags
 * (empty for the linuxbridge driver), and whether the rule that fills in the checksums of the
 * node's own packets on its legs is in place (always for the linuxbridge driver, which needs none).
 */
public record PlumbingState(Map<String, String> rootLinks, Map<String, String> links, Map<String, Set<String>> addresses,
                            Map<String, String> portTags, boolean checksumsFilled) {
    public PlumbingState {
        rootLinks = Map.copyOf(rootLinks);
        links = Map.copyOf(links);
        addresses = Map.copyOf(addresses);
        portTags = Map.copyOf(portTags);
    }

    /** The link's line in the node's namespace (or the root one when the node has none). */
    Optional<String> link(String name) {
        return Optional.ofNullable(links.get(name));
    }

    Optional<String> rootLink(String name) {
        return Optional.ofNullable(rootLinks.get(name));
    }

    Set<String> addresses(String device) {
        return addresses.getOrDefault(device, Set.of());
    }
}
