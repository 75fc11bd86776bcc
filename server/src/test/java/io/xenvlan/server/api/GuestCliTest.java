package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.guest.TestKeys;
import io.xenvlan.server.cli.XenvlanCommand;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vif attach --hostname --ssh-key-file --user-data-file}, {@code vif show} and {@code vif user-data}, through the server and on the store. */
class GuestCliTest {
    @TempDir
    Path dir;

    private ApiFixture api;
    private PoolSimulator sim;
    private Path p1Token;
    private String vm;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = ApiFixture.h2();
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(1).vms(2).port(0).build());
        vm = sim.guests().values().stream().map(v -> (String) v.get("uuid")).sorted().findFirst().orElseThrow();
        Path admin = Files.writeString(dir.resolve("admin"), api.admin);
        p1Token = Files.writeString(dir.resolve("p1"), api.p1);
        Path password = Files.writeString(api.poolSecrets.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD);
        assertThat(remote(admin, "network", "create", "--label", "g", "--cidr", "10.76.0.0/24", "--num-networks", "1").exit()).isZero();
        assertThat(remote(admin, "pool", "add", "--name", "lab", "--url", sim.url().toString(), "--user", "root",
                "--password-file", password.toString()).exit()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        sim.close();
    }

    private Run remote(Path token, String... args) {
        return run(args, "--server", api.base(), "--token-file", token.toString());
    }

    private Run local(String... args) {
        return run(args, "--db", api.database.url());
    }

    private static Run run(String[] args, String... target) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(target));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = XenvlanCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void attachWithGuestFiles_showNamesTheKeys_userDataComesBackByteForByte() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.pub"), "# the team\n" + TestKeys.ed25519(1, "alice@laptop") + "\n\n"
                + TestKeys.ed25519(2, "") + "\n");
        byte[] userData = {0x1f, (byte) 0x8b, 0, 1, 2, (byte) 0xff}; // binary (a gzip header), kept as given
        Path data = Files.write(dir.resolve("user-data"), userData);

        Run attached = remote(p1Token, "vif", "attach", "--project", "p1", "--pool", "lab", "--vm", vm, "--hostname", "web",
                "--ssh-key-file", keys.toString(), "--user-data-file", data.toString(), "--json");
        assertThat(attached.exit()).as(attached.err()).isZero();
        JsonNode vif = ApiFixture.JSON.readTree(attached.out());
        assertThat(vif.get("hostname").asText()).isEqualTo("web");
        assertThat(vif.get("public_keys")).extracting(JsonNode::asText).containsExactly("alice@laptop", "key-2");
        String uuid = vif.get("uuid").asText();

        Run shown = remote(p1Token, "vif", "show", uuid);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("hostname", "web", "alice@laptop, key-2", "user_data_bytes", "6");
        assertThat(shown.out()).isEqualTo(local("vif", "show", uuid).out());

        Run read = remote(p1Token, "vif", "user-data", uuid, "--json");
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(Base64.getDecoder().decode(ApiFixture.JSON.readTree(read.out()).get("user_data").asText())).isEqualTo(userData);
    }

    @Test
    void badGuestFilesNameTheOptionOrTheKey_andAttachNothing() throws Exception {
        Path big = Files.write(dir.resolve("big"), new byte[65_536]);
        Run tooBig = remote(p1Token, "vif", "attach", "--project", "p1", "--pool", "lab", "--vm", vm, "--user-data-file", big.toString());
        assertThat(tooBig.exit()).isNotZero();
        assertThat(tooBig.err()).contains("user-data-file").contains("65535");

        Path badKey = Files.writeString(dir.resolve("bad.pub"), "ssh-ed25519 not-base64\n");
        Run bad = remote(p1Token, "vif", "attach", "--project", "p1", "--pool", "lab", "--vm", vm, "--ssh-key-file", badKey.toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("public_keys[0]").contains("base64");

        Run missing = remote(p1Token, "vif", "attach", "--project", "p1", "--pool", "lab", "--vm", vm,
                "--ssh-key-file", dir.resolve("absent.pub").toString());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("ssh-key-file");
        assertThat(remote(p1Token, "vif", "list").out()).contains("no VIFs");
    }
}
