package io.xenvlan.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.ErrorMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xenvlan backup} and {@code restore} as an operator runs them: a backup taken while a server holds the
 * store (through its socket), a restore refused while it does, and once it stopped, a restore that puts back
 * exactly what the backup saw, in the same state directory and in a new one.
 */
class BackupRestoreTest {

    @TempDir
    Path tmp;

    @Test
    void backupWhileServerHoldsTheStore_restoreRefusedWhileHeld_thenRoundTrip() throws Exception {
        Path state = tmp.resolve("state");
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Path backup = tmp.resolve("xenvlan-backup.sql.gz");
        Map<String, String> env = Map.of("XENVLAN_STATE_DIR", state.toString(), "XENVLAN_STORE_WAIT", "1200");
        ok(CliProcess.run(tmp, env, logs, "create", "network", "create", "--label", "kept", "--cidr", "10.95.0.0/22",
                "--num-networks", "4", "--network-size", "256"));
        for (int i = 0; i < 3; i++) {
            ok(CliProcess.run(tmp, env, logs, "alloc" + i, "address", "allocate", "--project", "p" + i, "--instance", "vm-" + i));
        }
        ok(CliProcess.run(tmp, env, logs, "token", "token", "create", "--project", "p0", "--description", "kept"));

        Process server = CliProcess.start(tmp, env, logs, "server", "server", "--roles", "api", "--listen", "127.0.0.1:0");
        String networksAtBackup;
        String addressesAtBackup;
        String tokensAtBackup;
        try {
            awaitAnnouncement(state, server);
            networksAtBackup = json(CliProcess.run(tmp, env, logs, "networks", "network", "list", "--json"));
            addressesAtBackup = json(CliProcess.run(tmp, env, logs, "addresses", "address", "list", "--json"));
            tokensAtBackup = json(CliProcess.run(tmp, env, logs, "tokens", "token", "list", "--json"));

            CliProcess taken = ok(CliProcess.run(tmp, env, logs, "backup", "backup", "--to", backup.toString()));
            assertThat(taken.out()).contains(backup.toString());
            assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (var left = Files.list(state)) {
                assertThat(left.map(p -> p.getFileName().toString())).as("the holder's copy is taken away").noneMatch(n -> n.startsWith(".backup-"));
            }
            CliProcess again = CliProcess.run(tmp, env, logs, "backup-again", "backup", "--to", backup.toString());
            assertThat(again.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
            assertThat(again.err()).contains("exists");

            // changed after the backup: the restore must take this back
            ok(CliProcess.run(tmp, env, logs, "later", "address", "allocate", "--project", "p9", "--instance", "vm-later"));

            CliProcess refused = CliProcess.run(tmp, env, logs, "restore-held", "restore", "--from", backup.toString());
            assertThat(refused.exit()).isEqualTo(ErrorMapping.EXIT_BACKEND);
            assertThat(refused.err()).contains("refused while a xenvlan process (pid " + server.pid() + ") holds the store");
            assertThat(ok(CliProcess.run(tmp, env, logs, "still", "address", "list", "--json")).out()).contains("vm-later");
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        CliProcess restored = ok(CliProcess.run(tmp, env, logs, "restore", "restore", "--from", backup.toString()));
        assertThat(restored.out()).contains(backup.toString());
        assertSameStore(env, logs, "same", networksAtBackup, addressesAtBackup, tokensAtBackup);
        // the restored store goes on from where it was: its next allocation takes a new address and MAC
        CliProcess next = ok(CliProcess.run(tmp, env, logs, "next", "address", "allocate", "--project", "p0", "--instance", "vm-next", "--json"));
        assertThat(addressesAtBackup).doesNotContain(jsonField(next.out(), "address"), jsonField(next.out(), "mac"));

        Path elsewhere = tmp.resolve("elsewhere");
        Map<String, String> envElsewhere = Map.of("XENVLAN_STATE_DIR", elsewhere.toString());
        ok(CliProcess.run(tmp, envElsewhere, logs, "restore-elsewhere", "restore", "--from", backup.toString()));
        assertSameStore(envElsewhere, logs, "elsewhere", networksAtBackup, addressesAtBackup, tokensAtBackup);
        assertThat(Files.readString(elsewhere.resolve("store-password"))).as("a store of its own password")
                .isNotEqualTo(Files.readString(state.resolve("store-password")));
    }

    @Test
    void restoreOfAFileThatIsNoBackup_isRefused_andChangesNothing() throws Exception {
        Path state = tmp.resolve("state");
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Map<String, String> env = Map.of("XENVLAN_STATE_DIR", state.toString());
        ok(CliProcess.run(tmp, env, logs, "create", "network", "create", "--label", "mine", "--cidr", "10.96.0.0/24"));
        byte[] before = Files.readAllBytes(state.resolve("xenvlan.mv.db"));
        Path notBackup = Files.writeString(tmp.resolve("notes.txt"), "DROP TABLE networks;\n");

        CliProcess refused = CliProcess.run(tmp, env, logs, "restore", "restore", "--from", notBackup.toString());

        assertThat(refused.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertThat(refused.err()).contains("from: " + notBackup, "is not a backup of a xenvlan store").doesNotContain("Exception");
        assertThat(Files.readAllBytes(state.resolve("xenvlan.mv.db"))).isEqualTo(before);
        assertThat(ok(CliProcess.run(tmp, env, logs, "list", "network", "list")).out()).contains("mine");
        try (var left = Files.list(state)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".restore-"));
        }
    }

    private void assertSameStore(Map<String, String> env, Path logs, String name, String networks, String addresses, String tokens)
            throws Exception {
        assertThat(json(CliProcess.run(tmp, env, logs, name + "-networks", "network", "list", "--json"))).isEqualTo(networks);
        assertThat(json(CliProcess.run(tmp, env, logs, name + "-addresses", "address", "list", "--json"))).isEqualTo(addresses)
                .contains("vm-0", "vm-1", "vm-2").doesNotContain("vm-later");
        assertThat(json(CliProcess.run(tmp, env, logs, name + "-tokens", "token", "list", "--json"))).isEqualTo(tokens).contains("kept");
    }

    private static CliProcess ok(CliProcess p) {
        assertThat(p.exit()).as(p.err()).isZero();
        return p;
    }

    /** The JSON a command printed (the test class path's Logback may print its status before it). */
    private static String json(CliProcess p) {
        String out = ok(p).out();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^[\\[{]").matcher(out);
        assertThat(m.find()).as("JSON in " + out).isTrue();
        return out.substring(m.start());
    }

    private static String jsonField(String json, String field) {
        var m = java.util.regex.Pattern.compile("\"" + field + "\" : \"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(field + " in " + json).isTrue();
        return m.group(1);
    }

    private static void awaitAnnouncement(Path state, Process server) throws Exception {
        for (int i = 0; i < 1200 && server.isAlive() && !Files.exists(state.resolve(Announcement.FILE)); i++) {
            Thread.sleep(100);
        }
        assertThat(state.resolve(Announcement.FILE)).exists();
    }
}
