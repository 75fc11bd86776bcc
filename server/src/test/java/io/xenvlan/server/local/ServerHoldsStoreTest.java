package io.xenvlan.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running {@code xenvlan server} on the default (embedded) store: it listens on no port but its
 * API's, keeps everything it creates in the state directory from other users, and the commands run
 * meanwhile go through it, 32 at once included; once it stops, commands open the store again.
 */
class ServerHoldsStoreTest {

    @TempDir
    Path tmp;

    @Test
    void serverOnTheDefaultStore_onlyItsApiListens_filesOwnerOnly_commandsGoThroughIt() throws Exception {
        Path state = tmp.resolve("state");
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Map<String, String> env = Map.of("XENVLAN_STATE_DIR", state.toString(), "XENVLAN_STORE_WAIT", "1200");
        ProcessBuilder pb = new ProcessBuilder(CliProcess.argv("server", "--roles", "api", "--listen", "127.0.0.1:0")).directory(tmp.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("XENVLAN_"));
        pb.environment().putAll(env);
        pb.redirectError(logs.resolve("server.err").toFile());
        Process server = pb.start();
        try {
            int apiPort = CliProcess.announcedApiPort(server);

            assertThat(ListeningSockets.of(server.pid())).as("the server's network sockets").containsExactly("tcp:" + apiPort);

            CliProcess created = CliProcess.run(tmp, env, logs, "create", "network", "create", "--label", "held", "--cidr", "10.94.0.0/22",
                    "--num-networks", "4", "--network-size", "256");
            assertThat(created.exit()).as(created.err()).isZero();
            long started = System.nanoTime();
            Set<String> addresses = StoreTurnsTest.allocateAtOnce(tmp, env, logs);
            System.out.printf("%d allocate commands at once through the server: %.1f s%n", StoreTurnsTest.COMMANDS,
                    (System.nanoTime() - started) / 1e9);
            assertThat(addresses).hasSize(StoreTurnsTest.COMMANDS);

            CliProcess token = CliProcess.run(tmp, env, logs, "token", "token", "create", "--project", "p1", "--json");
            assertThat(token.exit()).as(token.err()).isZero();
            assertThat(token.out()).contains("\"token\"", "\"project\" : \"p1\"");
            CliProcess reclaim = CliProcess.run(tmp, env, logs, "reclaim", "address", "reclaim");
            assertThat(reclaim.exit()).as(reclaim.err()).isZero();

            try (Stream<Path> all = Files.walk(state)) {
                assertThat(all.toList()).allSatisfy(p -> assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                        .doesNotContainAnyElementsOf(CliProcess.GROUP_OR_OTHERS));
            }
            assertThat(Files.getPosixFilePermissions(state)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
            assertThat(state.resolve(Announcement.FILE)).exists();
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
        }
        assertThat(state.resolve(Announcement.FILE)).as("withdrawn at stop").doesNotExist();
        CliProcess after = CliProcess.run(tmp, env, logs, "after", "address", "list", "--json");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(Pattern.compile("\"address\"").matcher(after.out()).results().count()).isEqualTo(StoreTurnsTest.COMMANDS);
    }

}
