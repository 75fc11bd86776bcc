package io.xenvlan.core.guest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Well-formed OpenSSH public key lines for tests (an ed25519 wire blob around 32 chosen bytes). */
public final class TestKeys {
    private TestKeys() {}

    /** {@code ssh-ed25519 <blob> <comment>}, the blob's key bytes all {@code seed}. */
    public static String ed25519(int seed, String comment) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        writeLength(blob, type.length);
        blob.writeBytes(type);
        writeLength(blob, 32);
        for (int i = 0; i < 32; i++) {
            blob.write(seed);
        }
        String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray());
        return comment.isEmpty() ? line : line + " " + comment;
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
    }
}
