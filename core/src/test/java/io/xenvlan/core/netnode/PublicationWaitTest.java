package io.xenvlan.core.netnode;

import io.xenvlan.core.manager.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicationWaitTest {
    private final PublishedSequences store = new PublishedSequences();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> sleeps = new ArrayList<>();

    @Test
    void await_returnsOnceTheNodeConfirms() {
        PublicationWait wait = new PublicationWait(store, clock, d -> {
            sleeps.add(d);
            clock.advance(d);
            if (sleeps.size() == 3) {
                store.markPublished(7, 42);
            }
        }, Duration.ofMillis(20));

        wait.await(7, 42, Duration.ofSeconds(5));

        assertThat(sleeps).containsExactly(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20));
    }

    @Test
    void await_alreadyPublished_doesNotSleep() {
        store.markPublished(7, 50);
        new PublicationWait(store, clock, sleeps::add, Duration.ofMillis(20)).await(7, 42, Duration.ofSeconds(5));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void await_timeout_namesNetworkAndSequence() {
        store.markPublished(7, 3);
        PublicationWait wait = new PublicationWait(store, clock, d -> {
            sleeps.add(d);
            clock.advance(d);
        }, Duration.ofMillis(300));

        assertThatThrownBy(() -> wait.await(7, 42, Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("PUBLISH_TIMEOUT");
                    assertThat(e.params()).containsExactly("7", "42", "3");
                });
        assertThat(sleeps).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ofMillis(100));
    }

    @Test
    void constructor_nonPositivePollInterval() {
        assertThatThrownBy(() -> new PublicationWait(store, clock, sleeps::add, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pollInterval");
    }
}
