package io.xenvlan.xenapi.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Reads the certificate a TLS server presents, without trusting it, to tell an operator its
 * SHA-256 fingerprint (what {@code --tls pinned} takes). Nothing is sent over the connection.
 */
public final class ServerCertificate {
    private ServerCertificate() {
    }

    /** The SHA-256 fingerprint of the server's leaf certificate, upper-case hex with colons; empty when none can be read. */
    public static Optional<String> sha256(URI url, Duration timeout) {
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return Optional.empty();
        }
        int port = url.getPort() < 0 ? 443 : url.getPort();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {FingerprintTrustManager.acceptingAnything()}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(url.getHost(), port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    return Optional.empty();
                }
                return Optional.of(HexFormat.ofDelimiter(":").formatHex(FingerprintTrustManager.sha256(leaf)).toUpperCase(Locale.ROOT));
            }
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
