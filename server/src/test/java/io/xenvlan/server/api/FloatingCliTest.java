package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.ErrorMapping;
import io.xenvlan.server.ServerRuntime;
import io.xenvlan.server.cli.XenvlanCommand;
import io.xenvlan.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xenvlan floating ...} on the database directly, through a server ({@code --server}) and through the
 * process holding the embedded store: the same output, exit codes.
 */
class FloatingCliTest {
    @TempDir
    Path dir;

    private ApiFixture api;
    private Path adminToken;
    private Path p1Token;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = ApiFixture.h2();
        api.twoNetworks();
        adminToken = Files.writeString(dir.resolve("admin"), api.admin);
        p1Token = Files.writeString(dir.resolve("p1"), api.p1);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = XenvlanCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Run remote(Path token, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", api.base(), "--token-file", token.toString()));
        return run(all);
    }

    private Run local(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db", api.database.url()));
        return run(all);
    }

    @Test
    void poolsAddressesAndRules_sameRemotelyAndLocally() {
        Run pool = local("floating", "create", "--range", "203.0.113.0/28", "--pool", "public");
        assertThat(pool.exit()).as(pool.err()).isZero();
        assertThat(pool.out()).contains("public", "203.0.113.0/28", "14");
        assertThat(local("address", "allocate", "--project", "p1", "--instance", "vm-1").exit()).isZero();
        assertThat(local("address", "allocate", "--project", "p1", "--instance", "vm-2").exit()).isZero();

        Run fip = remote(p1Token, "floating", "allocate", "--project", "p1");
        assertThat(fip.exit()).as(fip.err()).isZero();
        assertThat(fip.out()).contains("203.0.113.1", "public", "p1", "allocated");
        Run first = local("floating", "associate", "--address", "203.0.113.1", "--vm", "vm-1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).doesNotContain("moved").contains("10.20.0.3", "vm-1", "associated");
        Run moved = remote(p1Token, "floating", "associate", "--address", "203.0.113.1", "--fixed-address", "10.20.0.4");
        assertThat(moved.out()).startsWith("moved 203.0.113.1 from 10.20.0.3 to 10.20.0.4\n");
        Run movedJson = local("floating", "associate", "--address", "203.0.113.1", "--vm", "vm-1", "--json");
        assertThat(movedJson.out()).contains("\"moved_from\" : \"10.20.0.4\"");
        assertThat(local("floating", "rule", "add", "--project", "p1", "--protocol", "tcp", "--port", "8000-8080").exit()).isZero();

        for (String[] command : new String[][] {{"floating", "list"}, {"floating", "list", "--json", "--project", "p1"},
                {"floating", "list", "--pool", "public"}, {"floating", "pools"}, {"floating", "pools", "--json"},
                {"floating", "rule", "list"}, {"floating", "rule", "list", "--json"}}) {
            Run r = remote(adminToken, command);
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", command)).isEqualTo(local(command).out());
        }
        assertThat(remote(p1Token, "floating", "disassociate", "--address", "203.0.113.1").out()).contains("allocated");
        assertThat(local("floating", "release", "--address", "203.0.113.1").exit()).isZero();
        assertThat(remote(adminToken, "floating", "list").out()).isEqualTo("no floating IPs\n");
        assertThat(remote(adminToken, "floating", "delete", "--pool", "public").exit()).isZero();
    }

    @Test
    void errors_sameExitCodes() {
        assertThat(local("floating", "create", "--range", "10.20.0.0/16", "--pool", "x").exit()).isEqualTo(ErrorMapping.EXIT_CONFLICT);
        Run big = remote(adminToken, "floating", "create", "--range", "198.18.0.0/15", "--pool", "x");
        assertThat(big.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertThat(big.err()).startsWith("error: range:");
        assertThat(remote(p1Token, "floating", "create", "--range", "198.18.0.0/24", "--pool", "x").exit()).isEqualTo(ErrorMapping.EXIT_AUTH);
        assertThat(local("floating", "allocate", "--project", "p1").exit()).isEqualTo(ErrorMapping.EXIT_EXHAUSTED);
        assertThat(remote(adminToken, "floating", "release", "--address", "198.51.100.1").exit()).isEqualTo(ErrorMapping.EXIT_NOT_FOUND);
        assertThat(local("floating", "associate", "--address", "198.51.100.1").exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertThat(local("floating", "rule", "add", "--project", "p1", "--protocol", "icmp", "--port", "1").exit())
                .isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
    }

    @Test
    void commandsWithoutServer_goThroughTheProcessHoldingTheEmbeddedStore_withItsQuota() {
        Path state = dir.resolve("state");
        try (ServerRuntime holder = ServerRuntime.start(new ConfigLoader().commandLine(Map.of("roles", "api", "http.listen", "127.0.0.1:0",
                "state-dir", state.toString(), "quota.floating-ips", "1")).load(), Map.of(), Optional.empty())) {
            Run pool = run(List.of("floating", "create", "--range", "203.0.113.0/28", "--pool", "public", "--state-dir", state.toString()));
            assertThat(pool.exit()).as(pool.err()).isZero();
            Run first = run(List.of("floating", "allocate", "--project", "p1", "--state-dir", state.toString()));
            assertThat(first.exit()).as(first.err()).isZero();
            Run second = run(List.of("floating", "allocate", "--project", "p1", "--state-dir", state.toString()));
            assertThat(second.exit()).as("the holder's quota of 1 applies").isEqualTo(ErrorMapping.EXIT_EXHAUSTED);
            Run rule = run(List.of("floating", "rule", "add", "--project", "p1", "--protocol", "icmp", "--state-dir", state.toString()));
            assertThat(rule.exit()).as(rule.err()).isZero();
            assertThat(run(List.of("floating", "list", "--state-dir", state.toString())).out()).contains("203.0.113.1", "p1");
        }
    }
}
