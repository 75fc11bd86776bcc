package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An allocation acknowledged by the embedded store survives {@code kill -9} of its process right
 * after the acknowledgement: commits reach the file before they return (no write delay).
 */
class DurableCommitTest {
    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path state;

    @Test
    void killNineRightAfterAcknowledgements_everyAcknowledgedAllocationIsThere() throws Exception {
        Process writer = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DurableWriter.class.getName(), state.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                    if (acknowledged.size() == ACKS_BEFORE_KILL) {
                        writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close
                        break;
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).hasSize(ACKS_BEFORE_KILL);

        try (JdbcStore store = EmbeddedStore.open(state)) {
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            List<String> held = manager.addresses(Optional.of("durable"), Optional.empty(), false).stream()
                    .map(FixedIp::address).map(Object::toString).toList();
            assertThat(held).containsAll(acknowledged);
        }
    }
}
