package io.xenvlan.xenapi.client;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * How the client decides to trust a pool's TLS certificate (ignored for {@code http://} URLs).
 * XenServer hosts ship self-signed certificates, so besides the system trust store an operator
 * can name a CA file or pin the pool certificate's SHA-256 fingerprint; turning verification off
 * needs the explicit {@link #insecure()} and is logged as a warning.
 */
public sealed interface TlsTrust {

    /** The JDK's default trust store, with host name verification. */
    static TlsTrust system() {
        return new SystemTrust();
    }

    /** Certificates from a PEM file (one or more CA or server certificates), with host name verification. */
    static TlsTrust caFile(Path pem) {
        return new CaFile(pem);
    }

    /**
     * Trust exactly the server certificate whose SHA-256 fingerprint is given (hex, colons and
     * case ignored), as {@code openssl x509 -noout -fingerprint -sha256} prints it. The pin
     * replaces host name verification.
     *
     * @throws InvalidInputException unless the fingerprint is 32 bytes of hex
     */
    static TlsTrust pinned(String sha256Fingerprint) {
        return new PinnedCertificate(PinnedCertificate.parse(sha256Fingerprint));
    }

    /** Accept any certificate. Only for labs; the client logs a warning when built with it. */
    static TlsTrust insecure() {
        return new Insecure();
    }

    record SystemTrust() implements TlsTrust {
    }

    record CaFile(Path pem) implements TlsTrust {
        public CaFile {
            Objects.requireNonNull(pem, "pem");
        }
    }

    /** @param sha256 the 32-byte fingerprint */
    record PinnedCertificate(byte[] sha256) implements TlsTrust {
        public PinnedCertificate {
            if (sha256.length != 32) {
                throw new InvalidInputException("tls.pinned_sha256", "length",
                        "tls.pinned_sha256: a SHA-256 fingerprint has 32 bytes, got " + sha256.length);
            }
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        static byte[] parse(String text) {
            String hex = text.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new InvalidInputException("tls.pinned_sha256", "format",
                        "tls.pinned_sha256: expected 64 hex digits (colons allowed), got '" + text + "'");
            }
            return HexFormat.of().parseHex(hex);
        }

        @Override
        public String toString() {
            return "PinnedCertificate[sha256=" + HexFormat.ofDelimiter(":").formatHex(sha256) + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PinnedCertificate p && java.util.Arrays.equals(sha256, p.sha256);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(sha256);
        }
    }

    record Insecure() implements TlsTrust {
    }
}
