package io.xenvlan.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands started at once on one state directory, each a process of its own, with no server: they
 * take turns on the embedded store (one process has it at a time) and all succeed; one that waits
 * too long says so.
 */
class StoreTurnsTest {
    static final int COMMANDS = 32;
    private static final Pattern ADDRESS = Pattern.compile("\"address\"\\s*:\\s*\"([0-9.]+)\"");

    @TempDir
    Path tmp;

    /** Runs {@link #COMMANDS} {@code address allocate} processes at once; returns the addresses they printed. */
    static Set<String> allocateAtOnce(Path cwd, Map<String, String> env, Path logs) throws Exception {
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < COMMANDS; i++) {
            running.add(CliProcess.start(cwd, env, logs, "allocate-" + i, "address", "allocate", "--project", "p" + (i % 4),
                    "--instance", "vm-" + i, "--json"));
        }
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < COMMANDS; i++) {
            // alone, the 32 take well under a minute; on a machine shared with other builds far longer
            CliProcess r = CliProcess.finish(running.get(i), logs, "allocate-" + i, 1200);
            assertThat(r.exit()).as("command %d: %s", i, r.err()).isZero();
            Matcher m = ADDRESS.matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            addresses.add(m.group(1));
        }
        return addresses;
    }

    @Test
    void thirtyTwoAllocationsAtOnceWithoutAServer_allSucceed() throws Exception {
        Path state = tmp.resolve("state");
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Map<String, String> env = Map.of("XENVLAN_STATE_DIR", state.toString(), "XENVLAN_STORE_WAIT", "1200");
        CliProcess created = CliProcess.run(tmp, env, logs, "create", "network", "create", "--label", "turns", "--cidr", "10.93.0.0/22",
                "--num-networks", "4", "--network-size", "256");
        assertThat(created.exit()).as(created.err()).isZero();

        long started = System.nanoTime();
        Set<String> addresses = allocateAtOnce(tmp, env, logs);
        System.out.printf("%d allocate commands at once, no server: %.1f s%n", COMMANDS, (System.nanoTime() - started) / 1e9);

        assertThat(addresses).hasSize(COMMANDS);
        try (JdbcStore store = EmbeddedStore.open(state)) {
            assertThat(new io.xenvlan.core.manager.VlanManager(store, java.time.Clock.systemUTC(),
                    io.xenvlan.core.manager.VlanManagerConfig.defaults()).addresses(java.util.Optional.empty(), java.util.Optional.empty(), false))
                    .hasSize(COMMANDS);
        }
    }

    @Test
    void storeHeldAllTheWait_theCommandSaysSoAndChangesNothing() throws Exception {
        Path state = tmp.resolve("state");
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        try (StoreLock held = StoreLock.tryAcquire(state).orElseThrow()) {
            long started = System.nanoTime();
            CliProcess r = CliProcess.run(tmp, Map.of("XENVLAN_STATE_DIR", state.toString(), "XENVLAN_STORE_WAIT", "2"), logs, "busy",
                    "network", "list");
            assertThat(r.exit()).isEqualTo(6);
            assertThat(r.err().strip()).isEqualTo("error: the store in " + state + " stayed in use by another xenvlan process for 2 s;"
                    + " try again, or wait longer (XENVLAN_STORE_WAIT, seconds)");
            assertThat((System.nanoTime() - started) / 1e9).isGreaterThanOrEqualTo(2.0);
        }
        assertThat(state.resolve(EmbeddedStore.FILE)).doesNotExist();
    }
}
