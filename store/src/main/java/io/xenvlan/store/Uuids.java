package io.xenvlan.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for new VIF records, from the calling thread's ThreadLocalRandom. A VIF
 * uuid is an identifier, not a secret, so it needs uniqueness, not unpredictability: 122 random bits
 * per uuid from per-thread generators seeded apart. UUID.randomUUID() shares one NativePRNG whose
 * lock every allocation thread queued on, and even a SecureRandom per thread cost 6 % of an H2
 * allocation's CPU in the allocation benchmark's profile.
 */
final class Uuids {
    private Uuids() {}

    static UUID random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(3L << 62) | (1L << 63); // IETF variant
        return new UUID(high, low);
    }
}
