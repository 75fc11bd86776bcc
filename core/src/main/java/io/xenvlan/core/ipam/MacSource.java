package io.xenvlan.core.ipam;

import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.value.MacAddress;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Random MACs under {@code fa:16:3e} for one allocation, at most {@link #ATTEMPTS} of them: the
 * store draws another only when the previous one collided with an existing VIF.
 * Not thread-safe: one instance per allocation.
 */
public final class MacSource {
    /** nova's limit for finding a unique MAC. */
    public static final int ATTEMPTS = 5;

    private final RandomGenerator random;
    private int drawn;

    public MacSource(RandomGenerator random) {
        this.random = random;
    }

    /**
     * The next candidate MAC.
     * @throws ExhaustedException after {@link #ATTEMPTS} candidates
     */
    public MacAddress next() {
        if (drawn >= ATTEMPTS) {
            throw new ExhaustedException("mac: no unique MAC address after " + ATTEMPTS + " attempts",
                    Map.of("field", "mac", "rule", "unique", "attempts", ATTEMPTS));
        }
        drawn++;
        return MacAddress.random(random);
    }
}
