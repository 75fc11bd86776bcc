package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.client.ApiClient;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.xenapi.client.TlsContexts;
import io.xenvlan.xenapi.client.TlsTrust;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS (http.tls.cert / http.tls.key): HTTP/2 and HTTP/1.1, and the CLI's client verifying it three ways. */
class TlsApiTest {
    @TempDir
    static Path dir;
    private static ApiFixture api;
    private static X509Certificate certificate;
    private static Path certFile;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=localhost"), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), new X500Name("CN=localhost"),
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        certFile = dir.resolve("api.crt");
        Path keyFile = dir.resolve("api.key");
        Files.writeString(certFile, pem(certificate));
        Files.writeString(keyFile, pem(keys)); // "RSA PRIVATE KEY" (PKCS#1), as older openssl writes it
        api = new ApiFixture(TestDatabase.h2(), HttpConfig.ephemeral().withTls(new HttpConfig.TlsFiles(certFile, keyFile)), r -> { });
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String pem(Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }

    private static String pin() throws Exception {
        return HexFormat.ofDelimiter(":").formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static HttpResponse<String> get(HttpClient.Version version, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(TlsContexts.forTrust(TlsTrust.pinned(pin()))).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.server.port() + path))
                .header("Authorization", "Bearer " + api.admin).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttp2AndHttp11() throws Exception {
        HttpResponse<String> h2 = get(HttpClient.Version.HTTP_2, "/v1/networks");
        assertThat(h2.statusCode()).isEqualTo(200);
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> h1 = get(HttpClient.Version.HTTP_1_1, "/healthz");
        assertThat(h1.statusCode()).isEqualTo(200);
        assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(h2.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void theClient_verifiesByPinByCaFileOrBySystemTrust() throws Exception {
        String url = "https://127.0.0.1:" + api.server.port();
        assertThat(new ApiClient(url, api.admin, TlsTrust.pinned(pin())).get("/v1/networks").get("total").asInt()).isZero();
        assertThat(new ApiClient("https://localhost:" + api.server.port(), api.admin, TlsTrust.caFile(certFile))
                .get("/v1/networks").get("total").asInt()).isZero();

        String wrongPin = "00".repeat(31) + "01";
        assertThatThrownBy(() -> new ApiClient(url, api.admin, TlsTrust.pinned(wrongPin)).get("/v1/networks"))
                .isInstanceOf(BackendFailureException.class);
        assertThatThrownBy(() -> new ApiClient(url, api.admin, TlsTrust.system()).get("/v1/networks"))
                .as("a self-signed certificate is not in the system's trust store").isInstanceOf(BackendFailureException.class);
        assertThatThrownBy(() -> new ApiClient(url, api.admin, TlsTrust.caFile(certFile)).get("/v1/networks"))
                .as("the CA file does not excuse a host name the certificate does not name").isInstanceOf(BackendFailureException.class);
    }

    @Test
    void theCli_takesAPinOrACaFileForAnHttpsServer() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), api.admin);
        String[] base = {"network", "list", "--json", "--server", "https://localhost:" + api.server.port(), "--token-file", token.toString()};
        assertThat(cli(base, "--server-pin", pin())).isZero();
        assertThat(cli(base, "--server-ca", certFile.toString())).isZero();
        assertThat(cli(base, "--server-pin", "00".repeat(32))).isEqualTo(io.xenvlan.server.ErrorMapping.EXIT_BACKEND);
    }

    private static int cli(String[] base, String... more) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
        return io.xenvlan.server.cli.XenvlanCommand.commandLine(new java.io.PrintWriter(new StringWriter()),
                new java.io.PrintWriter(new StringWriter())).execute(all);
    }

    @Test
    void plainHttpToTheHttpsPort_getsNoApiAnswer() {
        assertThatThrownBy(() -> new ApiClient("http://127.0.0.1:" + api.server.port(), api.admin).get("/v1/networks"))
                .isInstanceOf(BackendFailureException.class);
    }

    @Test
    void aKeyFileThatIsNotPem_isRefusedNamingTheSetting() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.key"), "not a key");
        assertThatThrownBy(() -> ApiServer.start(api.services, HttpConfig.ephemeral().withTls(new HttpConfig.TlsFiles(certFile, bad))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("http.tls.key");
    }
}
