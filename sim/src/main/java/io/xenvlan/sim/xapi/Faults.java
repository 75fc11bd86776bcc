package io.xenvlan.sim.xapi;

import java.util.Random;

/**
 * The --fail-rate: each mutating call fails with that probability, drawn from one generator
 * seeded with --seed, so a given seed and call order always fail the same calls.
 */
final class Faults {
    private final double rate;
    private final Random random;

    Faults(double rate, long seed) {
        this.rate = rate;
        this.random = new Random(seed);
    }

    synchronized boolean fire() {
        return rate > 0 && random.nextDouble() < rate;
    }
}
