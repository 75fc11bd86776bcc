package io.xenvlan.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {

    @Test
    void system_sleepsAtLeastTheDuration() throws InterruptedException {
        long start = System.nanoTime();
        Sleeper.SYSTEM.sleep(Duration.ofMillis(30));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void system_interrupted_throws() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Sleeper.SYSTEM.sleep(Duration.ofSeconds(10))).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }
}
