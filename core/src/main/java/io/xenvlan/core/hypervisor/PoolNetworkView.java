package io.xenvlan.core.hypervisor;

import java.util.Map;
import java.util.Optional;

/**
 * A network as it exists on a pool, for audits.
 *
 * @param xenvlanNetworkId the xenvlan network id from other_config, when xenvlan made it
 * @param tagsByHost       host name label -> VLAN tag of its PIF on the network (-1 untagged)
 */
public record PoolNetworkView(String ref, String nameLabel, String bridge, Optional<Long> xenvlanNetworkId,
                              Map<String, Long> tagsByHost) {
    public PoolNetworkView {
        tagsByHost = Map.copyOf(tagsByHost);
    }
}
