package io.xenvlan.sim.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RunTagTest {

    @Test
    void random_isShortAndMakesValidNames() {
        RunTag tag = RunTag.random(new Random(7));

        assertThat(tag.value()).matches("xs[a-z0-9]{3}");
        assertThat(tag.interfaceName("trunk")).hasSizeLessThanOrEqualTo(15).startsWith(tag.value());
        assertThat(tag.namespace("host1")).isEqualTo(tag.value() + "-host1");
    }

    @Test
    void interfaceName_past15Characters_isRefused() {
        assertThatThrownBy(() -> new RunTag("xsabc").interfaceName("toolongsuffix"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xsabctoolongsuffix");
    }

    @Test
    void shape_isChecked() {
        assertThatThrownBy(() -> new RunTag("X; rm")).isInstanceOf(IllegalArgumentException.class);
    }
}
