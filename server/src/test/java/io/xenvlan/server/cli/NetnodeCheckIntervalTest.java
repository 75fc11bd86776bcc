package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netnode.check-interval}: the node's self-check every 30 s by default, {@code 0s} off. */
class NetnodeCheckIntervalTest {
    @TempDir
    Path stateDir;

    @Test
    void checkInterval_30sByDefault_zeroTurnsItOff_fromFileOrEnvironment() throws Exception {
        assertThat(NetnodeRoleStarter.nodeConfig(new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString())).load())
                .checkInterval()).isEqualTo(Duration.ofSeconds(30));
        Path file = stateDir.resolve("xenvlan.properties");
        Files.writeString(file, "netnode.check-interval = 0s\n");
        assertThat(NetnodeRoleStarter.nodeConfig(new ConfigLoader().file(Optional.of(file))
                .commandLine(Map.of("state-dir", stateDir.toString())).load()).checkInterval()).isZero();
        assertThat(NetnodeRoleStarter.nodeConfig(new ConfigLoader().environment(Map.of("XENVLAN_NETNODE_CHECK_INTERVAL", "2m"))
                .commandLine(Map.of("state-dir", stateDir.toString())).load()).checkInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void checkInterval_notADuration_namesTheSetting() {
        var config = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(), "netnode.check-interval", "often")).load();
        assertThatThrownBy(() -> NetnodeRoleStarter.nodeConfig(config)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode.check-interval"));
        var tooLong = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(), "netnode.check-interval", "25h")).load();
        assertThatThrownBy(() -> NetnodeRoleStarter.nodeConfig(tooLong)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("check-interval"));
    }
}
