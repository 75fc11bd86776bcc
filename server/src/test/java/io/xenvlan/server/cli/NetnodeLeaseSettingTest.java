package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netnode.node-lease}: 6 s by default, from 2 s to 10 min. */
class NetnodeLeaseSettingTest {
    @TempDir
    Path stateDir;

    @Test
    void nodeLease_6sByDefault_settableFromTheEnvironment() {
        assertThat(NetnodeRoleStarter.nodeConfig(new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString())).load())
                .nodeLease()).isEqualTo(Duration.ofSeconds(6));
        assertThat(NetnodeRoleStarter.nodeConfig(new ConfigLoader().environment(Map.of("XENVLAN_NETNODE_NODE_LEASE", "20s"))
                .commandLine(Map.of("state-dir", stateDir.toString())).load()).nodeLease()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void nodeLease_outOfRangeOrNotADuration_namesTheSetting() {
        var tooShort = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(), "netnode.node-lease", "1s")).load();
        assertThatThrownBy(() -> NetnodeRoleStarter.nodeConfig(tooShort)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("node-lease"));
        var bad = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(), "netnode.node-lease", "soon")).load();
        assertThatThrownBy(() -> NetnodeRoleStarter.nodeConfig(bad)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode.node-lease"));
    }
}
