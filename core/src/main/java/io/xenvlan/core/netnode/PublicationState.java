package io.xenvlan.core.netnode;

import java.util.Objects;
import java.util.Optional;

/**
 * What the serving node last said about a network: the highest change sequence it confirmed, and
 * why it does not serve the network when it refuses to (it is full).
 */
public record PublicationState(long published, Optional<String> refusal) {
    public PublicationState {
        Objects.requireNonNull(refusal, "refusal");
    }
}
