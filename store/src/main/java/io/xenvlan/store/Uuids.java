package io.xenvlan.store;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for new rows, drawn from one SecureRandom per thread. UUID.randomUUID()
 * shares a single NativePRNG whose lock every allocation thread queued on (seen in the allocation
 * benchmark's profile); a DRBG per thread gives the same quality without the shared lock.
 */
final class Uuids {
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Uuids::drbg);

    private Uuids() {}

    static UUID random() {
        byte[] b = new byte[16];
        RANDOM.get().nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(b);
        return new UUID(bits.getLong(), bits.getLong());
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
