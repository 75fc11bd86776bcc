package io.xenvlan.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloserTest {
    private final List<String> stopped = new ArrayList<>();

    private AutoCloseable named(String name) {
        return () -> stopped.add(name);
    }

    @Test
    void closesInReverseOrder_once() {
        Closer closer = new Closer("test");
        closer.add(named("store"));
        closer.add(named("pool"));
        closer.add(named("api"));

        closer.close();
        closer.close();

        assertThat(stopped).containsExactly("api", "pool", "store");
    }

    @Test
    void aFailureDoesNotKeepTheRestRunning_andIsReturned() {
        Closer closer = new Closer("test");
        closer.add(named("store"));
        closer.add(() -> {
            throw new IOException("disk gone");
        });
        closer.add(named("api"));

        List<Exception> failures = closer.closeAll();

        assertThat(stopped).containsExactly("api", "store");
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("disk gone"));
    }

    @Test
    void addedAfterClose_isClosedAtOnce_nullIsNothing() {
        Closer closer = new Closer("test");
        closer.close();

        AutoCloseable late = closer.add(named("late"));
        closer.add(null);

        assertThat(late).isNotNull();
        assertThat(stopped).containsExactly("late");
    }
}
