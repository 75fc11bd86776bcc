package io.xenvlan.core.manager;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkStore;
import java.util.Optional;

/** Resolves what users type for a network: its id, label, uuid or bridge name. */
final class NetworkLookup {
    private NetworkLookup() {}

    static Network find(NetworkStore store, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new io.xenvlan.core.error.InvalidInputException("network", "required", "network: an id, label, uuid or bridge is required");
        }
        if (ref.chars().allMatch(Character::isDigit) && ref.length() < 18) {
            Optional<Network> byId = store.network(Long.parseLong(ref));
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        return store.networks().stream()
                .filter(n -> n.label().value().equals(ref) || n.uuid().toString().equalsIgnoreCase(ref)
                        || n.bridge().value().equals(ref))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("network", printable(ref)));
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
