package io.xenvlan.server.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.netnode.dataplane.DataPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xenvlan server} with every role and the default settings (but for the names of this run's
 * private Open vSwitch, namespace and trunk bridge), its network node serving a network with a real
 * dnsmasq: the server listens on no port but its API's, everything it made in the state directory is
 * its owner's alone, and the node's directory holds only dnsmasq's files, none of them secret. The
 * server runs in the private switch's namespace, so its sockets are its own to count.
 */
@Tag("dataplane")
class AllRolesServerDataplaneTest {

    @TempDir
    Path tmp;

    @Test
    void allRolesDefaultSettings_onlyTheApiListens_stateOwnerOnly_nodeFilesReadableAndNotSecret() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x")); // dnsmasq reads the node's files as nobody
        Path state = tmp.resolve("state");
        Path logs = Files.createDirectory(tmp.resolve("logs"));
        Map<String, String> env = Map.of("XENVLAN_STATE_DIR", state.toString());
        try (DataPlane plane = DataPlane.start()) {
            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", plane.switchNamespace()));
            argv.addAll(CliProcess.argv("server", "--listen", "127.0.0.1:0", "--ovs-db", plane.ovsDb(), "--trunk-bridge",
                    plane.name("tr"), "--netns", plane.tag() + "-nn"));
            ProcessBuilder pb = new ProcessBuilder(argv).directory(tmp.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("XENVLAN_"));
            pb.environment().putAll(env);
            pb.redirectError(logs.resolve("server.err").toFile());
            Process server = pb.start();
            try {
                int apiPort = CliProcess.announcedApiPort(server);
                CliProcess created = CliProcess.run(tmp, env, logs, "create", "network", "create", "--label", "allroles", "--cidr",
                        "10.97.0.0/24", "--project", "p1");
                assertThat(created.exit()).as(created.err()).isZero();
                CliProcess allocated = CliProcess.run(tmp, env, logs, "allocate", "address", "allocate", "--project", "p1", "--instance", "vm-1");
                assertThat(allocated.exit()).as(allocated.err()).isZero();
                Path nodeDir = tmp.resolve("state-netnode");
                Path pid = nodeDir.resolve("dnsmasq/1/dnsmasq.pid");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(pid) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(pid).as("the node's dnsmasq runs (%s)", Files.readString(logs.resolve("server.err"))).exists();

                assertThat(ListeningSockets.of(server.pid())).as("the server's network sockets").containsExactly("tcp:" + apiPort);
                try (Stream<Path> all = Files.walk(state)) {
                    assertThat(all.toList()).allSatisfy(p -> assertThat(Files.getPosixFilePermissions(p)).as(p.toString())
                            .doesNotContainAnyElementsOf(CliProcess.GROUP_OR_OTHERS));
                }
                try (Stream<Path> readable = Files.walk(nodeDir)) {
                    assertThat(readable.filter(p -> !Files.isDirectory(p))
                            .filter(p -> Files.isReadable(p) && permissions(p).contains(PosixFilePermission.OTHERS_READ))
                            .map(p -> nodeDir.relativize(p).toString()).toList())
                            .as("what nobody can read: dnsmasq's own files")
                            .allMatch(f -> f.matches("dnsmasq/1/(hosts|opts|leases|dnsmasq\\.pid|dnsmasq\\.log|hosts\\.d/.*|dns-hosts|dns\\.d/.*)"));
                }
                assertThat(Files.readString(nodeDir.resolve("dnsmasq/1/hosts"))).doesNotContain(Files.readString(state.resolve("store-password")).trim());
            } finally {
                server.destroy();
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
                removeNamespace(plane.tag() + "-nn");
            }
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The node made its namespace from inside the switch's, so its name stays in /run/netns after both are
     * gone: the test removes what it had made.
     */
    private static void removeNamespace(String name) throws IOException, InterruptedException {
        new ProcessBuilder("ip", "netns", "del", name).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(Path.of("/run/netns", name));
    }
}
