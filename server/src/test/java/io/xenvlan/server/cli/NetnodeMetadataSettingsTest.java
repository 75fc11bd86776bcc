package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netnode.metadata*}: the metadata service on by default (port 8775, 20/s after a burst of 100), each value checked. */
class NetnodeMetadataSettingsTest {
    @TempDir
    Path stateDir;

    private MetadataConfig load(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("state-dir", stateDir.toString());
        return NetnodeRoleStarter.metadataConfig(new ConfigLoader().commandLine(all).load());
    }

    @Test
    void defaults_andSettingsFromTheEnvironment() {
        assertThat(load(Map.of())).isEqualTo(MetadataConfig.defaults());
        MetadataConfig set = NetnodeRoleStarter.metadataConfig(new ConfigLoader()
                .environment(Map.of("XENVLAN_NETNODE_METADATA_PORT", "9775", "XENVLAN_NETNODE_METADATA_RATE", "5",
                        "XENVLAN_NETNODE_METADATA_BURST", "50", "XENVLAN_NETNODE_METADATA", "off"))
                .commandLine(Map.of("state-dir", stateDir.toString())).load());
        assertThat(set).isEqualTo(new MetadataConfig(false, 9775, 5, 50));
    }

    @Test
    void badValues_nameTheSetting() {
        assertThatThrownBy(() -> load(Map.of("netnode.metadata", "maybe"))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode.metadata"));
        assertThatThrownBy(() -> load(Map.of("netnode.metadata-port", "http"))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode.metadata-port"));
        assertThatThrownBy(() -> load(Map.of("netnode.metadata-port", "80"))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.getMessage()).contains("not 80"));
        assertThatThrownBy(() -> load(Map.of("netnode.metadata-rate", "0"))).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("metadata-rate"));
    }
}
