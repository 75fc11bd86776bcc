package io.xenvlan.lab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages and the completion script the package ships come from the commands themselves. */
class ManualsTest {
    @TempDir
    Path out;

    @Test
    void onePagePerCommand_withItsOptions() throws Exception {
        Manuals.write(out);
        Path man = out.resolve("man");
        assertThat(man.resolve("xenvlan.adoc")).content().contains(":doctype: manpage", "network", "server");
        assertThat(man.resolve("xenvlan-network-create.adoc")).content().contains("--cidr", "--state-dir", "--num-networks");
        assertThat(man.resolve("xenvlan-server.adoc")).content().contains("--config", "--roles");
        assertThat(man.resolve("xenvlan-demo.adoc")).content().contains("--dataplane");
        assertThat(man.resolve("xenvlan-sim.adoc")).content().contains("--datapath");
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        try (var pages = Files.list(man)) {
            assertThat(pages.count()).isGreaterThanOrEqualTo(LabCommands.commandLine(discard, discard).getSubcommands().size() + 1);
        }
    }

    @Test
    void bashCompletion_knowsTheCommandsAndIsValidBash() throws Exception {
        Manuals.write(out);
        Path script = out.resolve("bash-completion/xenvlan");
        assertThat(script).content().contains("complete -F _complete_xenvlan", "network", "--state-dir").doesNotStartWith("#!");
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(new String(bash.getInputStream().readAllBytes())).isZero();
    }
}
