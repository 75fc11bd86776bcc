package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.server.ErrorMapping;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person reads when a command fails: one line starting {@code error:} (or the JSON error
 * body with {@code --json}), never a Java class name, a stack trace or "null"; a usage error
 * names the option, suggests the nearest one and says where the usage is.
 */
class CliMessagesTest {
    @TempDir
    Path stateDir;

    private CliRun run(String... args) {
        return CliRun.run(stateDir, args);
    }

    private static void assertOneErrorLine(CliRun r) {
        assertThat(r.errLines()).as(r.err()).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("error: "));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("null").doesNotContain("\tat ").doesNotContain("java.");
    }

    @Test
    void unknownOption_isNamedWithTheNearestOne_andTheHelpCommand() {
        CliRun r = run("network", "create", "--lable", "x", "--cidr", "10.0.0.0/24");

        assertThat(r.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("unknown option '--lable'").contains("did you mean '--label'?")
                .contains("see 'xenvlan network create --help'");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrors_honourJson() throws Exception {
        CliRun r = run("network", "create", "--lable", "x", "--cidr", "10.0.0.0/24", "--json");

        assertThat(r.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        JsonNode body = r.errJson();
        assertThat(body.get("code").asText()).isEqualTo("invalid_input");
        assertThat(body.get("message").asText()).contains("--lable");
        assertThat(body.get("details").get("field").asText()).isEqualTo("--lable");
        assertThat(body.get("details").get("suggestions")).extracting(JsonNode::asText).contains("--label");
        assertThat(body.get("details").get("help").asText()).isEqualTo("xenvlan network create --help");
    }

    @Test
    void missingOptionAndBadValue_areOneLineEach() {
        CliRun missing = run("vif", "attach", "--pool", "lab", "--vm", "vm-1");
        assertThat(missing.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertOneErrorLine(missing);
        assertThat(missing.err()).contains("missing --project").contains("see 'xenvlan vif attach --help'");

        CliRun bad = run("vif", "attach", "--project", "p", "--pool", "lab", "--vm", "vm-1", "--rate-kbps", "fast");
        assertThat(bad.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertOneErrorLine(bad);
        assertThat(bad.err()).contains("--rate-kbps").contains("fast");

        CliRun subcommand = run("netwrok", "list");
        assertThat(subcommand.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertOneErrorLine(subcommand);
        assertThat(subcommand.err()).contains("'netwrok'").contains("'network'");
    }

    @Test
    void rateLimitOutOfRange_isRefusedBeforeAnythingHappens() {
        CliRun r = run("vif", "attach", "--project", "p", "--pool", "lab", "--vm", "vm-1", "--rate-kbps", "0");

        assertThat(r.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("rate_kbps: must be between 1 and 100000000");
    }

    /** A port nothing listens on (it was free a moment ago). */
    private static int closedPort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aServerThatDoesNotAnswer_isOneLineInWords() throws Exception {
        int closed = closedPort();
        Path token = java.nio.file.Files.writeString(stateDir.resolve("token"), "not-a-real-token\n");

        CliRun r = run("network", "list", "--server", "http://127.0.0.1:" + closed, "--token-file", token.toString());

        assertThat(r.exit()).isEqualTo(ErrorMapping.EXIT_BACKEND);
        assertOneErrorLine(r);
        assertThat(r.err()).startsWith("error: server http://127.0.0.1:" + closed).contains("did not answer: connection refused");
    }

    @Test
    void poolAdd_unreachableOrWithoutItsPasswordFile_isOneLineNamingTheSetting() throws Exception {
        int closed = closedPort();
        Path password = java.nio.file.Files.writeString(stateDir.resolve("pw"), "secret\n");
        CliRun unreachable = run("pool", "add", "--name", "lab", "--url", "http://127.0.0.1:" + closed, "--user", "root",
                "--password-file", password.toString());
        assertThat(unreachable.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertOneErrorLine(unreachable);
        assertThat(unreachable.err()).startsWith("error: url: cannot reach http://127.0.0.1:" + closed).contains("connection refused");

        CliRun noFile = run("pool", "add", "--name", "lab", "--url", "http://127.0.0.1:" + closed, "--user", "root",
                "--password-file", stateDir.resolve("missing").toString());
        assertOneErrorLine(noFile);
        assertThat(noFile.err()).startsWith("error: password_file:").contains("no such file");

        CliRun offline = run("pool", "add", "--name", "lab", "--url", "http://127.0.0.1:" + closed, "--user", "root",
                "--password-file", password.toString(), "--no-verify");
        assertThat(offline.exit()).as(offline.err()).isZero();
        assertThat(run("pool", "list").out()).contains("lab");
    }

    @Test
    void aBusyListenPort_isOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = run("server", "--roles", "api", "--listen", "127.0.0.1:" + taken.getLocalPort());

            assertThat(r.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
            assertOneErrorLine(r);
            assertThat(r.err()).contains("http.listen: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("address already in use");
        }
    }
}
