package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netnode.leave-grace}: 2 min by default, from the node's lease to 1 h, a bad value named. */
class NetnodeLeaveGraceTest {
    @TempDir
    Path stateDir;

    private Duration grace(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("state-dir", stateDir.toString());
        ServerConfig config = new ConfigLoader().commandLine(all).load();
        return NetnodeRoleStarter.leaveGrace(config, NetnodeRoleStarter.nodeConfig(config));
    }

    @Test
    void leaveGrace_twoMinutesByDefault_orAsSet() {
        assertThat(grace(Map.of())).isEqualTo(Duration.ofMinutes(2));
        assertThat(grace(Map.of("netnode.leave-grace", "30s"))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void leaveGrace_shorterThanTheLease_orOverAnHour_orNotADuration_namesTheSetting() {
        for (Map<String, String> bad : List.of(Map.of("netnode.leave-grace", "5s"),
                Map.of("netnode.leave-grace", "20s", "netnode.node-lease", "30s"), Map.of("netnode.leave-grace", "61m"),
                Map.of("netnode.leave-grace", "soon"))) {
            assertThatThrownBy(() -> grace(bad)).as("%s", bad).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.field()).isEqualTo("netnode.leave-grace"));
        }
    }
}
