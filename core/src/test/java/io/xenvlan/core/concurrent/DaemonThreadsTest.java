package io.xenvlan.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void threads_areDaemonsNamedByOwnerAndNumber() {
        ThreadFactory factory = DaemonThreads.named("xenvlan-audit");
        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });
        assertThat(first.isDaemon()).isTrue();
        assertThat(second.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("xenvlan-audit-1");
        assertThat(second.getName()).isEqualTo("xenvlan-audit-2");
    }
}
