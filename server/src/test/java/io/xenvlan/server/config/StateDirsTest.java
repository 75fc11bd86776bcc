package io.xenvlan.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirsTest {
    @Test
    void defaultDir_fixedPerUserWhateverTheWorkingDirectory() {
        assertThat(StateDirs.defaultDir(true, Map.of("XDG_STATE_HOME", "/x"), "/root")).isEqualTo(Path.of("/var/lib/xenvlan"));
        assertThat(StateDirs.defaultDir(false, Map.of("XDG_STATE_HOME", "/home/a/.state"), "/home/a"))
                .isEqualTo(Path.of("/home/a/.state/xenvlan"));
        assertThat(StateDirs.defaultDir(false, Map.of(), "/home/a")).isEqualTo(Path.of("/home/a/.local/state/xenvlan"));
        // a relative XDG_STATE_HOME is invalid by the XDG rules and ignored
        assertThat(StateDirs.defaultDir(false, Map.of("XDG_STATE_HOME", "state"), "/home/a")).isEqualTo(Path.of("/home/a/.local/state/xenvlan"));
    }

    @Test
    void serverConfig_stateDirDefaultsToTheFixedOne() {
        assertThat(new ConfigLoader().load().stateDir()).isEqualTo(StateDirs.defaultDir());
        assertThat(StateDirs.defaultDir().toString()).doesNotContain(".xenvlan");
    }

    @Test
    void storeWait_secondsOrTheDefault() {
        assertThat(StateDirs.storeWait(Map.of())).isEqualTo(Duration.ofSeconds(60));
        assertThat(StateDirs.storeWait(Map.of("XENVLAN_STORE_WAIT", "5"))).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> StateDirs.storeWait(Map.of("XENVLAN_STORE_WAIT", "0"))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("XENVLAN_STORE_WAIT"));
        assertThatThrownBy(() -> StateDirs.storeWait(Map.of("XENVLAN_STORE_WAIT", "soon"))).isInstanceOf(InvalidInputException.class);
    }
}
