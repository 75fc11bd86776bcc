package io.xenvlan.xenapi.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolRegistration;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.xenapi.client.SelfSignedCertificate;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pool add}: one login before the pool is stored, and a message an operator can act on for each way it fails. */
class PoolLoginTest {
    @TempDir
    Path dir;
    private TestDatabase database;
    private JdbcStore store;
    private JdbcPoolStore pools;
    private PoolClients clients;
    private PoolRegistration registration;
    private PoolSimulator sim;
    private Path password;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.h2();
        store = database.open();
        pools = JdbcPoolStore.on(store, Clock.systemUTC());
        clients = new PoolClients(pools, name -> "XENVLAN_POOL_SET".equals(name) ? SimulatorConfig.DEFAULT_PASSWORD : null,
                io.xenvlan.xenapi.client.XenApiCallObserver.NONE);
        registration = new PoolRegistration(pools, new PoolLogin(clients));
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(1).vms(0).port(0).build());
        password = Files.writeString(dir.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD + "\n");
    }

    @AfterEach
    void stop() {
        clients.close();
        sim.close();
        store.close();
        database.close();
    }

    private static PoolSettings pool(URI url, PasswordSource password, PoolTls tls) {
        return new PoolSettings(PoolName.of("lab"), url, "root", password, VifDriver.BRIDGE, Optional.empty(), tls);
    }

    private PoolSettings pool(URI url) {
        return pool(url, new PasswordSource.File(password), PoolTls.system());
    }

    private void assertNotStored() {
        assertThat(pools.pools()).isEmpty();
    }

    @Test
    void aPoolThatAcceptsTheLogin_isStored_andLoggedOutOfAgain() {
        registration.add(pool(sim.url()), true);
        assertThat(pools.pool(PoolName.of("lab"))).isPresent();
        assertThat(sim.sessions()).isEmpty();
        assertThatThrownBy(() -> registration.add(pool(sim.url()), true)).isInstanceOf(ConflictException.class);
    }

    @Test
    void wrongPassword_isRefusedNamingThePassword() throws Exception {
        Files.writeString(password, "not-it\n");
        assertThatThrownBy(() -> registration.add(pool(sim.url()), true)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("password");
            assertThat(e.getMessage()).contains("refused user 'root'").contains("file:" + password).doesNotContain("not-it");
        });
        assertNotStored();
    }

    @Test
    void unreachableUrl_isRefusedInWords() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closed);
        assertThatThrownBy(() -> registration.add(pool(url), true)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("url");
            assertThat(e.getMessage()).contains("cannot reach " + url).contains("connection refused").contains("--no-verify")
                    .doesNotContain("Exception").doesNotContain("null");
        });
        assertNotStored();
        registration.add(pool(url), false); // offline, as asked
        assertThat(pools.pool(PoolName.of("lab"))).isPresent();
    }

    @Test
    void missingPasswordFileOrVariable_isRefusedNamingIt() {
        Path missing = dir.resolve("nope.password");
        assertThatThrownBy(() -> registration.add(pool(sim.url(), new PasswordSource.File(missing), PoolTls.system()), true))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("password_file");
                    assertThat(e.getMessage()).contains(missing.toString()).contains("no such file").doesNotContain("Exception");
                });
        assertThatThrownBy(() -> registration.add(pool(sim.url(), new PasswordSource.Environment("XENVLAN_POOL_UNSET"),
                PoolTls.system()), true)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("password_env");
                    assertThat(e.getMessage()).contains("XENVLAN_POOL_UNSET").contains("not set");
                });
        assertNotStored();
        registration.add(pool(sim.url(), new PasswordSource.Environment("XENVLAN_POOL_SET"), PoolTls.system()), true);
    }

    @Test
    void aWebServerThatIsNoPool_isRefused() throws Exception {
        com.sun.net.httpserver.HttpServer web = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", exchange -> {
            byte[] page = "<html>not found</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        web.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + web.getAddress().getPort());
            assertThatThrownBy(() -> registration.add(pool(url), true)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                assertThat(e.field()).isEqualTo("url");
                assertThat(e.getMessage()).contains("not as a XenServer / XCP-ng pool");
            });
            assertNotStored();
        } finally {
            web.stop(0);
        }
    }

    @Test
    void selfSignedPool_isRefusedWithItsFingerprintAndTheOptionsThatPinIt() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        try (PoolSimulator tls = PoolSimulator.start(SimulatorConfig.builder().hosts(1).vms(0).port(0)
                .tls(cert.serverContext()).build())) {
            String fingerprint = cert.sha256Fingerprint();
            assertThatThrownBy(() -> registration.add(pool(tls.url()), true)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
                assertThat(e.field()).isEqualTo("tls");
                assertThat(e.getMessage()).contains("not trusted").contains("--tls pinned --tls-value " + fingerprint)
                        .doesNotContain("Exception").doesNotContain("sun.security");
                assertThat(e.details()).containsEntry("sha256_fingerprint", fingerprint);
            });
            assertNotStored();
            assertThatCode(() -> registration.add(pool(tls.url(), new PasswordSource.File(password),
                    new PoolTls(PoolTls.Mode.PINNED, Optional.of(fingerprint))), true)).doesNotThrowAnyException();
        }
    }
}
