package io.xenvlan.server.api;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.config.HttpConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's HTTPS connector: TLS with the PEM certificate chain and key of {@code http.tls.cert} and
 * {@code http.tls.key}, HTTP/2 or HTTP/1.1 chosen by ALPN. The PEM files are read with Bouncy Castle
 * (PKCS#8, PKCS#1 and SEC1 keys alike); the key lives only in an in-memory key store.
 */
final class TlsConnector {
    private TlsConnector() {}

    static ServerConnector create(Server server, HttpConfiguration plain, HttpConfig.TlsFiles files) {
        HttpConfiguration https = new HttpConfiguration(plain);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // clients may reach the server by an address its certificate does not name (a pinned certificate, a CA file)
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        HttpConnectionFactory http1 = new HttpConnectionFactory(https);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        SslConnectionFactory tls = new SslConnectionFactory(sslContext(files), alpn.getProtocol());
        return new ServerConnector(server, tls, alpn, http2, http1);
    }

    private static SslContextFactory.Server sslContext(HttpConfig.TlsFiles files) {
        char[] password = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(16)).toCharArray();
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("api", privateKey(files.key()), password, certificates(files.certificate()).toArray(new Certificate[0]));
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidInputException("http.tls.key", "usable-key", "http.tls.key: cannot be used with the certificate in "
                    + files.certificate() + ": " + e.getMessage());
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(store);
        ssl.setKeyStorePassword(new String(password));
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        return ssl;
    }

    private static List<Certificate> certificates(Path pem) {
        List<Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader(pem, "http.tls.cert"))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw unreadable("http.tls.cert", pem, e.getMessage());
        }
        if (chain.isEmpty()) {
            throw unreadable("http.tls.cert", pem, "no CERTIFICATE block");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path pem) {
        try (PEMParser parser = new PEMParser(reader(pem, "http.tls.key"))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (IOException e) {
            throw unreadable("http.tls.key", pem, e.getMessage());
        }
        throw unreadable("http.tls.key", pem, "no unencrypted PRIVATE KEY block");
    }

    private static Reader reader(Path pem, String setting) {
        try {
            return Files.newBufferedReader(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw unreadable(setting, pem, "cannot read it");
        }
    }

    private static InvalidInputException unreadable(String setting, Path pem, String why) {
        return new InvalidInputException(setting, "readable-pem", setting + ": " + pem + ": " + why);
    }
}
