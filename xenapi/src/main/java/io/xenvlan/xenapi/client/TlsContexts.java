package io.xenvlan.xenapi.client;

import io.xenvlan.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the SSLContext for a {@link TlsTrust} choice (a pool's, or the CLI's for an HTTPS API server). */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SSLContext forTrust(TlsTrust trust) {
        try {
            if (trust instanceof TlsTrust.SystemTrust) {
                return SSLContext.getDefault();
            }
            TrustManager manager;
            if (trust instanceof TlsTrust.CaFile ca) {
                manager = caFileTrustManager(ca);
            } else if (trust instanceof TlsTrust.PinnedCertificate pin) {
                manager = FingerprintTrustManager.pinned(pin.sha256());
            } else {
                manager = FingerprintTrustManager.acceptingAnything();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager caFileTrustManager(TlsTrust.CaFile ca) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(ca.pem())) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException("tls.ca_file", "readable_pem",
                    "tls.ca_file: cannot read certificates from " + ca.pem() + ": " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new InvalidInputException("tls.ca_file", "readable_pem",
                    "tls.ca_file: no certificate in " + ca.pem());
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers()[0];
    }
}
