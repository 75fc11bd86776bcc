package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgePortsTest {

    @Test
    void portsOfTheBridge_withTheirTags_noTagAsEmpty_portsOfOtherBridgesLeftOut() {
        assertThat(BridgePorts.parse(OvsdbAnswer.ports(Map.of("xvp100", "100", "xvp101", "", "xvtb", "")), "xvtrunk"))
                .contains(Map.of("xvp100", "100", "xvp101", "", "xvtb", ""));
    }

    @Test
    void aBridgeWithOnePort_isReadToo() {
        assertThat(BridgePorts.parse(OvsdbAnswer.ports(Map.of("xvp100", "100")), "xvtrunk")).contains(Map.of("xvp100", "100"));
    }

    @Test
    void noSuchBridge_isEmpty() {
        assertThat(BridgePorts.parse("[{\"rows\":[]},{\"rows\":[]}]", "xvtrunk")).isEmpty();
    }

    @Test
    void anErrorOfTheDatabase_fails() {
        assertThatThrownBy(() -> BridgePorts.parse("[{\"error\":\"unknown table\",\"details\":\"no table Bridge\"}]", "xvtrunk"))
                .isInstanceOf(BackendFailureException.class).hasMessageContaining("unknown table");
    }
}
