package io.xenvlan.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.floating.FloatingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quota.floating-ips} and {@code floating.auto-assign}: in the server's layers, and from the environment for the CLI. */
class FloatingConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaults_tenPerProject_noAutoAssign() {
        assertThat(new ConfigLoader().load().floating()).isEqualTo(FloatingConfig.defaults());
        assertThat(ConfigLoader.floatingFromEnvironment(Map.of())).isEqualTo(FloatingConfig.defaults());
    }

    @Test
    void fileAndEnvironment_layered() throws Exception {
        Path file = Files.writeString(dir.resolve("x.conf"), "quota.floating-ips = 3\nfloating.auto-assign = true\n");
        FloatingConfig fromFile = new ConfigLoader().file(Optional.of(file)).load().floating();
        FloatingConfig overridden = new ConfigLoader().file(Optional.of(file)).environment(Map.of("XENVLAN_QUOTA_FLOATING_IPS", "50"))
                .load().floating();

        assertThat(fromFile).isEqualTo(new FloatingConfig(3, true));
        assertThat(overridden).isEqualTo(new FloatingConfig(50, true));
        assertThat(ConfigLoader.floatingFromEnvironment(Map.of("XENVLAN_FLOATING_AUTO_ASSIGN", "yes", "XENVLAN_HTTP_LISTEN", "bad")))
                .isEqualTo(new FloatingConfig(10, true));
    }

    @Test
    void badValues_nameTheSettingAndWhereItCameFrom() {
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XENVLAN_QUOTA_FLOATING_IPS", "-1")).load())
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("quota.floating-ips"))
                .hasMessageContaining("environment XENVLAN_QUOTA_FLOATING_IPS");
        assertThatThrownBy(() -> ConfigLoader.floatingFromEnvironment(Map.of("XENVLAN_FLOATING_AUTO_ASSIGN", "maybe")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("floating.auto-assign"));
    }
}
