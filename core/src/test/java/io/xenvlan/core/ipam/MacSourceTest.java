package io.xenvlan.core.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ExhaustedException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MacSourceTest {

    @Test
    void next_givesXenvlanPrefixedMacs() {
        MacSource macs = new MacSource(new SplittableRandom(1));
        assertThat(macs.next().hasXenvlanPrefix()).isTrue();
        assertThat(macs.next().toString()).startsWith("fa:16:3e:");
    }

    @Test
    void next_sixthAttempt_exhausted() {
        MacSource macs = new MacSource(new SplittableRandom(1));
        for (int i = 0; i < MacSource.ATTEMPTS; i++) {
            macs.next();
        }
        assertThatThrownBy(macs::next).isInstanceOf(ExhaustedException.class)
                .hasMessageContaining("mac").hasMessageContaining("5 attempts");
    }
}
