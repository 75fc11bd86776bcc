package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.xenvlan.core.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The four TLS trust modes against an HTTPS endpoint with self-signed certificates. */
class XenApiTlsTest {
    @TempDir
    static Path dir;
    static SelfSignedCertificate local;
    static SelfSignedCertificate elsewhere;
    static JsonRpcResponder localPool;
    static JsonRpcResponder elsewherePool;

    @BeforeAll
    static void start() throws Exception {
        local = SelfSignedCertificate.generate(dir, "localhost", "dns:localhost,ip:127.0.0.1");
        elsewhere = SelfSignedCertificate.generate(dir, "elsewhere", "dns:elsewhere.invalid");
        localPool = JsonRpcResponder.https(local.serverContext()).acceptingLogin();
        elsewherePool = JsonRpcResponder.https(elsewhere.serverContext()).acceptingLogin();
    }

    @AfterAll
    static void stop() {
        localPool.close();
        elsewherePool.close();
    }

    private static void login(JsonRpcResponder pool, TlsTrust trust) {
        try (XenApiClient client = XenApiClient.create(
                XenApiClientConfig.builder(pool.url(), "root", Password.of("pw")).tls(trust).build())) {
            client.login();
        }
    }

    /** Logs in and checks that the login reached the pool through the TLS connection. */
    private static void assertLogsIn(JsonRpcResponder pool, TlsTrust trust) {
        int before = pool.calls("session.login_with_password");
        login(pool, trust);
        assertThat(pool.calls("session.login_with_password")).as("logins that reached the pool").isEqualTo(before + 1);
    }

    private static void assertTlsFailure(JsonRpcResponder pool, TlsTrust trust) {
        int before = pool.calls("session.login_with_password");
        assertThatThrownBy(() -> login(pool, trust))
                .isInstanceOfSatisfying(XenApiException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(XenApiException.TLS_FAILED));
        assertThat(pool.calls("session.login_with_password")).as("nothing sent over a refused connection").isEqualTo(before);
    }

    @Test
    void systemTrust_rejectsASelfSignedPool() {
        assertTlsFailure(localPool, TlsTrust.system());
    }

    @Test
    void caFile_trustsTheCertificateItHolds() {
        assertLogsIn(localPool, TlsTrust.caFile(local.pem()));
    }

    @Test
    void caFile_stillChecksTheHostName() {
        assertTlsFailure(elsewherePool, TlsTrust.caFile(elsewhere.pem()));
    }

    @Test
    void caFile_unreadable_namesTheSetting() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThatThrownBy(() -> login(localPool, TlsTrust.caFile(junk)))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).startsWith("tls.ca_file:"));
    }

    @Test
    void pinnedFingerprint_acceptsThatCertificateWhateverItsName() throws Exception {
        assertLogsIn(elsewherePool, TlsTrust.pinned(elsewhere.sha256Fingerprint()));
        assertLogsIn(localPool, TlsTrust.pinned(local.sha256Fingerprint().toLowerCase().replace(":", "")));
    }

    @Test
    void pinnedFingerprint_ofAnotherCertificate_isRefused() throws Exception {
        assertTlsFailure(localPool, TlsTrust.pinned(elsewhere.sha256Fingerprint()));
    }

    @Test
    void pinnedFingerprint_malformed_isInvalidInput() {
        assertThatThrownBy(() -> TlsTrust.pinned("AB:CD"))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.getMessage()).startsWith("tls.pinned_sha256:"));
    }

    @Test
    void insecure_connectsAndWarnsLoudlyAtConstruction() {
        int before = elsewherePool.calls("session.login_with_password");
        List<ILoggingEvent> logged = logsOf(() -> {
            XenApiClient client = XenApiClient.create(XenApiClientConfig.builder(elsewherePool.url(), "root",
                    Password.of("pw")).tls(TlsTrust.insecure()).build());
            client.login();
            client.close();
        });
        assertThat(elsewherePool.calls("session.login_with_password")).isEqualTo(before + 1);
        List<ILoggingEvent> warnings = logged.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage()).contains("DISABLED").contains(elsewherePool.url().toString());
    }

    @Test
    void plainHttpToAnotherHost_warns() {
        List<ILoggingEvent> logged = logsOf(() -> XenApiClient.create(XenApiClientConfig.builder(
                URI.create("http://192.0.2.10"), "root", Password.of("pw")).build()).close());
        assertThat(logged).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("unencrypted");
        });
    }

    private static List<ILoggingEvent> logsOf(Runnable action) {
        Logger logger = (Logger) LoggerFactory.getLogger(XenApiClient.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            action.run();
            return List.copyOf(appender.list);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
