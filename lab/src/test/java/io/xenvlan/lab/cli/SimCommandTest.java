package io.xenvlan.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.testing.Eventually;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class SimCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cli = LabCommands.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));

    @Test
    void sim_runsUntilStopped_passwordFromFileNeverPrinted(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("pw");
        Files.writeString(secret, "s3cret-from-file\n");
        SimCommand command = cli.getSubcommands().get("sim").getCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = new Thread(() -> exit.set(cli.execute("sim", "--port", "0", "--hosts", "2", "--vms", "1",
                "--password-file", secret.toString())));
        runner.start();
        Eventually.await("the simulator's banner", Duration.ofSeconds(20), () -> out.toString().contains("Stop with"));
        String printed = out.toString();
        assertThat(printed).contains("master", "member", "HOST_IS_SLAVE", "from the password file")
                .doesNotContain("s3cret-from-file");
        assertThat(printed).as("each guest VM with its uuid, for vif attach --vm")
                .containsPattern("vm +vm1 +[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} +on host[12]\\b");
        Matcher m = Pattern.compile("JSON-RPC\\s+(\\S+)").matcher(printed);
        assertThat(m.find()).isTrue();
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"session.login_with_password\",\"params\":[\"root\",\"s3cret-from-file\"],\"id\":1}";
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.body()).contains("\"result\":\"OpaqueRef:");

        command.stopSignal.countDown();
        runner.join(10_000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void sim_defaultPasswordIsSaidPlainly() {
        SimCommand command = new SimCommand();
        new CommandLine(command).parseArgs("--port", "0");
        assertThat(command.config().password()).isEqualTo("xenvlan");
    }

    @Test
    void sim_tlsOptionsAreChecked(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.p12");
        Files.writeString(junk, "not a keystore");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "changeit\n");
        assertThat(cli.execute("sim", "--port", "0", "--tls-keystore", junk.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-keystore").contains("--tls-password-file");
        assertThat(cli.execute("sim", "--port", "0", "--tls-keystore", junk.toString(), "--tls-password-file", pw.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot be used").doesNotContain("changeit");
    }

    @Test
    void sim_badSettingNamesTheOption() {
        assertThat(cli.execute("sim", "--fail-rate", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--fail-rate").contains("0..1");
        assertThat(cli.execute("sim", "--nics", "eth0,ETH1")).isEqualTo(2);
        assertThat(err.toString()).contains("--nics");
    }
}
