package io.xenvlan.xenapi.client;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a server by the SHA-256 fingerprint of its leaf certificate (or, insecure, anything).
 * It extends X509ExtendedTrustManager on purpose: JSSE then leaves host name checks to it, and
 * a pin already names the one certificate the pool may present.
 */
final class FingerprintTrustManager extends X509ExtendedTrustManager {
    private final byte[] pin; // null: accept anything

    private FingerprintTrustManager(byte[] pin) {
        this.pin = pin;
    }

    static FingerprintTrustManager pinned(byte[] sha256) {
        return new FingerprintTrustManager(sha256.clone());
    }

    static FingerprintTrustManager acceptingAnything() {
        return new FingerprintTrustManager(null);
    }

    static byte[] sha256(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (pin == null) {
            return;
        }
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        byte[] actual = sha256(chain[0]);
        if (!MessageDigest.isEqual(pin, actual)) {
            throw new CertificateException("server certificate SHA-256 " + HexFormat.ofDelimiter(":").formatHex(actual)
                    + " does not match the pinned fingerprint");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
