package io.xenvlan.xenapi.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed server certificate made with the JDK's keytool (argument list, no shell); other packages' tests use it too. */
public record SelfSignedCertificate(Path keystore, Path pem, X509Certificate certificate) {
    private static final String STOREPASS = "changeit";

    public static SelfSignedCertificate generate(Path dir, String name, String subjectAltNames) throws Exception {
        Path keystore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", "xapi", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + subjectAltNames, "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", STOREPASS, "-keypass", STOREPASS);
        X509Certificate certificate = (X509Certificate) load(keystore).getCertificate("xapi");
        // the PEM is written here rather than by a second keytool run (a JVM start each)
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        return new SelfSignedCertificate(keystore, pem, certificate);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    private static KeyStore load(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STOREPASS.toCharArray());
        }
        return store;
    }

    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore), STOREPASS.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** As {@code openssl x509 -fingerprint -sha256} prints it. */
    public String sha256Fingerprint() throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(FingerprintTrustManager.sha256(certificate));
    }
}
