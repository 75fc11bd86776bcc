package io.xenvlan.core.netnode;

import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Map;

/** The networks a node holds after a claim, with each one's lease epoch (network id to epoch). */
public record LeasedNetworks(List<Network> networks, Map<Long, Long> epochs) {
    public LeasedNetworks {
        networks = List.copyOf(networks);
        epochs = Map.copyOf(epochs);
    }
}
