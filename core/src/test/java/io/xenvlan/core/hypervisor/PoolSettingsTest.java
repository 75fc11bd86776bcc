package io.xenvlan.core.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {
    private static final PasswordSource FILE = new PasswordSource.File(Path.of("/etc/xenvlan/pw"));

    private static PoolSettings settings(String url, VifDriver driver, Optional<String> integration) {
        return new PoolSettings(PoolName.of("lab"), URI.create(url), "root", FILE, driver, integration, PoolTls.system());
    }

    @Test
    void poolName_rejectsShellAndPathCharacters() {
        for (String bad : new String[] {"", "Lab", "-lab", "lab/1", "lab;rm", "a".repeat(64)}) {
            assertThatThrownBy(() -> PoolName.of(bad)).isInstanceOfSatisfying(InvalidInputException.class,
                    e -> assertThat(e.getMessage()).startsWith("pool:"));
        }
        assertThat(PoolName.of("lab-1.eu_west").value()).isEqualTo("lab-1.eu_west");
    }

    @Test
    void url_mustBeHttpOrHttps() {
        assertThatThrownBy(() -> settings("ftp://pool", VifDriver.BRIDGE, Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("url:");
        assertThat(settings("https://192.0.2.1", VifDriver.BRIDGE, Optional.empty()).url().getHost()).isEqualTo("192.0.2.1");
    }

    @Test
    void openVswitch_needsTheIntegrationNetwork() {
        assertThatThrownBy(() -> settings("https://pool", VifDriver.OPENVSWITCH, Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("integration_network:");
    }

    @Test
    void vifDriver_parsesItsWireNames() {
        assertThat(VifDriver.parse("openvswitch")).isEqualTo(VifDriver.OPENVSWITCH);
        assertThatThrownBy(() -> VifDriver.parse("ovs")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void passwordSource_roundTripsAndRejectsOtherForms() {
        assertThat(PasswordSource.parse(FILE.describe())).isEqualTo(FILE);
        assertThat(PasswordSource.parse("env:XEN_PW")).isEqualTo(new PasswordSource.Environment("XEN_PW"));
        assertThatThrownBy(() -> PasswordSource.parse("s3cret")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> PasswordSource.parse("env:$(id)")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void tls_pinnedNeedsItsFingerprint() {
        assertThatThrownBy(() -> new PoolTls(PoolTls.Mode.PINNED, Optional.empty())).isInstanceOf(InvalidInputException.class);
    }
}
