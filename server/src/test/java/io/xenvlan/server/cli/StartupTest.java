package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.testing.XenvlanJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A simple command starts only what it uses. */
class StartupTest {
    @TempDir
    Path dir;

    @Test
    void aRunBuildsOnlyTheCommandItNames_helpAndUnknownNamesGetThemAll() {
        StringWriter out = new StringWriter();
        CommandLine network = XenvlanCommand.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), List.of(),
                Optional.of(List.of("network", "list")));
        assertThat(network.getSubcommands().keySet()).containsExactly("network");
        String[] list = {"network", "list", "--state-dir", dir.resolve("state").toString()};
        assertThat(network.execute(list)).isZero();
        StringWriter whole = new StringWriter();
        assertThat(XenvlanCommand.commandLine(new PrintWriter(whole, true), new PrintWriter(new StringWriter(), true)).execute(list)).isZero();
        assertThat(out.toString()).isNotEmpty().isEqualTo(whole.toString());

        CommandLine help = XenvlanCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), List.of(),
                Optional.of(List.of("--help")));
        assertThat(help.getSubcommands().keySet()).contains("network", "pool", "server", "help").hasSize(XenvlanCommand.SUBCOMMANDS.size());
        StringWriter err = new StringWriter();
        CommandLine unknown = XenvlanCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true), List.of(),
                Optional.of(List.of("netwrk")));
        assertThat(unknown.execute("netwrk")).isEqualTo(2);
        assertThat(err.toString()).contains("unexpected argument", "network");
    }

    @Test
    void networkListOnACurrentStore_loadsNoMigrationJsonHttpOrMetricsClasses() throws Exception {
        Path state = dir.resolve("state");
        run(List.of(), "network", "create", "--label", "s", "--cidr", "10.71.0.0/24", "--state-dir", state.toString());
        Path classes = dir.resolve("classes.log");
        String out = run(List.of("-Xlog:class+load:file=" + classes), "network", "list", "--state-dir", state.toString());
        assertThat(out).contains("s", "10.71.0.0/24", "br100");

        List<String> loaded = Files.readAllLines(classes, StandardCharsets.UTF_8);
        assertThat(loaded).as("the class-load log").anyMatch(l -> l.contains(" io.xenvlan.store.NetworkStatements "));
        for (String unwanted : List.of("org.flywaydb.", "com.fasterxml.jackson.", "org.eclipse.jetty.", "io.javalin.", "io.micrometer.",
                "ch.qos.logback.classic.joran.", "ch.qos.logback.core.joran.event.", "javax.xml.", "com.sun.org.apache.xerces.")) {
            assertThat(loaded).as("classes of " + unwanted).noneMatch(l -> l.contains(" " + unwanted));
        }
    }

    /**
     * {@code xenvlan ARGS} in a JVM of its own on the main class path: without test classes and test-jars, whose
     * logback-test.xml would take over from the shipped logging set-up.
     */
    private String run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = XenvlanJvm.command(jvmOptions, List.of(args));
        Path output = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        String text = Files.readString(output);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }
}
