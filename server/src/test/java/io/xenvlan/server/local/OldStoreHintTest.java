package io.xenvlan.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store that an older version left in {@code ./.xenvlan} is named in one line, never silently ignored. */
class OldStoreHintTest {
    @TempDir
    Path tmp;

    @Test
    void storeInWorkingDirectory_namedInOneLineOnStderr() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (JdbcStore old = EmbeddedStore.open(work.resolve(".xenvlan"))) {
            old.networks();
        }
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Path state = tmp.resolve("state");

        CliProcess r = CliProcess.run(work, Map.of("XENVLAN_STATE_DIR", state.toString()), logs, "list", "network", "list");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err().lines().toList()).containsExactly("xenvlan: note: " + work.resolve(".xenvlan")
                + " holds a xenvlan store that this command does not use (it uses " + state + "); give --state-dir "
                + work.resolve(".xenvlan") + " (or XENVLAN_STATE_DIR) to use it");

        CliProcess same = CliProcess.run(work, Map.of(), logs, "same", "network", "list", "--state-dir", ".xenvlan");
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.err()).isEmpty();
    }
}
