package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease spools' watch: a file arriving in a network's spool wakes the node and marks that network only. */
class SpoolWatchTest {
    @TempDir
    Path state;

    @Test
    void aFileInOneSpool_wakesTheNode_andMarksThatNetworkOnly() throws Exception {
        Path one = Files.createDirectories(state.resolve("1/lease-events"));
        Path two = Files.createDirectories(state.resolve("2/lease-events"));
        Semaphore woken = new Semaphore(0);
        try (SpoolWatch watch = new SpoolWatch(woken::release)) {
            watch.watch(1, one);
            watch.watch(2, two);
            assertThat(watch.takeDirty()).containsExactlyInAnyOrder(1L, 2L); // what arrived before the watch began is drained once
            assertThat(watch.takeDirty()).isEmpty();

            Files.writeString(two.resolve("0.event"), "add\tfa:16:3e:00:00:01\t10.0.0.3\t\t\t86400\n");

            assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.takeDirty()).isEqualTo(Set.of(2L));
            watch.forget(2);
            Files.writeString(two.resolve("1.event"), "del\tfa:16:3e:00:00:01\t10.0.0.3\t\t\t\n");
            Thread.sleep(300);
            assertThat(watch.takeDirty()).isEmpty();
        }
    }
}
