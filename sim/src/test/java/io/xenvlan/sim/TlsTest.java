package io.xenvlan.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS endpoints, as a real pool has them. */
class TlsTest {
    private static final char[] PASS = "changeit".toCharArray();

    private static KeyStore selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("sim.p12");
        String java = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(java, "-genkeypair", "-alias", "xapi", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=xenvlan-sim", "-ext", "san=ip:127.0.0.1,ip:127.0.0.2", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASS))
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS);
        }
        return ks;
    }

    @Test
    void tls_everyEndpointSpeaksHttps(@TempDir Path dir) throws Exception {
        KeyStore ks = selfSigned(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (PoolSimulator sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(2).vms(0).tls(server).build())) {
            assertThat(sim.url().getScheme()).isEqualTo("https");
            HttpClient https = HttpClient.newBuilder().sslContext(client).build();
            String login = "{\"method\":\"session.login_with_password\",\"params\":[\"root\",\"xenvlan\"],\"id\":1}";
            assertThat(post(https, sim.jsonRpcUrl().toString(), login)).contains("\"result\":\"OpaqueRef:");
            assertThat(post(https, sim.hosts().get(1).url() + "jsonrpc", login)).contains("HOST_IS_SLAVE");
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> post(untrusting, sim.jsonRpcUrl().toString(), login)))
                    .isInstanceOf(IOException.class);
        }
    }

    private static String post(HttpClient http, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(java.net.URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
