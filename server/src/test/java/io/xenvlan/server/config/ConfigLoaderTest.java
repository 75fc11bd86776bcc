package io.xenvlan.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaults_allRolesOnLoopback() {
        ServerConfig c = new ConfigLoader().load();
        assertThat(c.roles()).containsExactlyInAnyOrder(Role.API, Role.NETNODE);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.http().port()).isEqualTo(8787);
        assertThat(c.http().maxBodyBytes()).isEqualTo(65536);
        assertThat(c.database().url()).isEmpty();
        assertThat(c.netnode().leaveServingOnShutdown()).isFalse();
        assertThat(c.vifDhcpWait()).isZero();
    }

    @Test
    void httpHardening_readTimeoutPerClientLimitAndTlsFiles() throws Exception {
        HttpConfig defaults = new ConfigLoader().load().http();
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.maxConnectionsPerClient()).isEqualTo(64);
        assertThat(defaults.tls()).isEmpty();
        assertThat(defaults.scheme()).isEqualTo("http");

        Path file = dir.resolve("tls.properties");
        Files.writeString(file, "http.tls.cert = /etc/xenvlan/api.crt\nhttp.tls.key = /etc/xenvlan/api.key\n"
                + "http.read-timeout = 3s\nhttp.max-connections-per-client = 500\n");
        HttpConfig http = new ConfigLoader().file(Optional.of(file)).load().http();
        assertThat(http.tls()).contains(new HttpConfig.TlsFiles(Path.of("/etc/xenvlan/api.crt"), Path.of("/etc/xenvlan/api.key")));
        assertThat(http.scheme()).isEqualTo("https");
        assertThat(http.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(http.maxConnectionsPerClient()).isEqualTo(500);

        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_HTTP_TLS_CERT", "/etc/xenvlan/api.crt")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("http.tls.key"));
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_HTTP_READ_TIMEOUT", "0s")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("http.read-timeout"));
    }

    @Test
    void vifDhcpWait_isADurationOfAtMostTenMinutes() {
        assertThat(new ConfigLoader().environment(Map.of("XENVLAN_VIF_DHCP_WAIT", "30s")).load().vifDhcpWait())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_VIF_DHCP_WAIT", "1h")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("vif.dhcp-wait"));
    }

    @Test
    void audit_every15MinutesReportOnlyByDefault_zeroTurnsItOff() throws Exception {
        assertThat(new ConfigLoader().load().audit()).isEqualTo(new AuditConfig(Duration.ofMinutes(15), false));
        Path file = dir.resolve("audit.properties");
        Files.writeString(file, "audit.interval = 0s\naudit.repair = true\n");
        AuditConfig off = new ConfigLoader().file(Optional.of(file)).load().audit();
        assertThat(off.enabled()).isFalse();
        assertThat(off.repair()).isTrue();
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_AUDIT_REPAIR", "sometimes")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("audit.repair"));
    }

    @Test
    void layers_fileThenEnvironmentThenCommandLine() throws Exception {
        Path file = dir.resolve("xenvlan.properties");
        Files.writeString(file, "http.listen = 0.0.0.0:9000\nhttp.shutdown-grace = 30s\ndb.url = jdbc:postgresql://db/x\n"
                + "netnode.driver = ovs\nnetnode.on-shutdown = leave\nroles = api\n");
        ServerConfig c = new ConfigLoader().file(Optional.of(file))
                .environment(Map.of("XENVLAN_HTTP_LISTEN", "127.0.0.1:9100", "XENVLAN_DB_POOL_SIZE", "4", "PATH", "/bin"))
                .commandLine(Map.of("roles", "api,netnode"))
                .load();
        assertThat(c.http().port()).isEqualTo(9100);
        assertThat(c.http().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.database().url()).contains("jdbc:postgresql://db/x");
        assertThat(c.database().poolSize()).isEqualTo(4);
        assertThat(c.roles()).hasSize(2);
        assertThat(c.netnode().get("driver")).contains("ovs");
        assertThat(c.netnode().leaveServingOnShutdown()).isTrue();
    }

    @Test
    void netnodeCheckInterval_isASettingOfTheNodeGroup() throws Exception {
        Path file = dir.resolve("netnode.properties");
        Files.writeString(file, "netnode.check-interval = 0s\n");
        assertThat(new ConfigLoader().file(Optional.of(file)).load().netnode().get("check-interval")).contains("0s");
        assertThat(new ConfigLoader().environment(Map.of("XENVLAN_NETNODE_CHECK_INTERVAL", "45s")).load().netnode()
                .get("check-interval")).contains("45s");
        assertThat(new ConfigLoader().load().netnode().get("check-interval")).isEmpty();
    }

    @Test
    void unknownSettingInTheFile_isNamed() throws Exception {
        Path file = dir.resolve("x.properties");
        Files.writeString(file, "http.lisen = 1.2.3.4:80\n");
        assertThatThrownBy(() -> new ConfigLoader().file(Optional.of(file)).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("http.lisen"))
                .hasMessageContaining("unknown setting");
    }

    @Test
    void badValues_nameTheSettingAndWhereItCameFrom() {
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_HTTP_LISTEN", "nope")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("http.listen"))
                .hasMessageContaining("XENVLAN_HTTP_LISTEN");
        assertThatThrownBy(() -> new ConfigLoader().commandLine(Map.of("roles", "api,web")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("roles"));
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_HTTP_SHUTDOWN_GRACE", "ten")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("http.shutdown-grace"));
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_DB_URL", "mysql://x")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("db.url"));
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_HTTP_MAX_BODY_BYTES", "10")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("http.max-body-bytes"));
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_NETNODE_ON_SHUTDOWN", "maybe")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("netnode.on-shutdown"));
    }

    @Test
    void cliAliasXenvlanDb_setsTheDatabase() {
        assertThat(new ConfigLoader().environment(Map.of("XENVLAN_DB", "jdbc:h2:mem:x")).load().database().url())
                .contains("jdbc:h2:mem:x");
    }
}
