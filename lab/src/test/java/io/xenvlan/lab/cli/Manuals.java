package io.xenvlan.lab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the manuals from the command line's model: one AsciiDoc man page per command
 * ({@code man/xenvlan-network-list.adoc} ..., picocli-codegen's ManPageGenerator; {@code asciidoctor -b manpage}
 * turns them into man pages) and the bash completion script ({@code bash-completion/xenvlan}, picocli's
 * AutoComplete). A build tool, not part of the product: {@code scripts/release} runs it ({@code mvn -Prelease}).
 */
public final class Manuals {
    private Manuals() {}

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]));
    }

    static void write(Path out) throws IOException {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        CommandLine cli = LabCommands.commandLine(discard, discard);
        Path man = Files.createDirectories(out.resolve("man"));
        writePages(man, cli.getCommandSpec());
        Path completion = Files.createDirectories(out.resolve("bash-completion"));
        // bash sources a completion script: AutoComplete's "#!/usr/bin/env bash" line has no use there
        String script = AutoComplete.bash("xenvlan", cli).replaceFirst("\\A#!.*\\R", "");
        Files.writeString(completion.resolve("xenvlan"), script, StandardCharsets.UTF_8);
    }

    private static void writePages(Path dir, CommandSpec spec) throws IOException {
        try (PrintWriter page = new PrintWriter(Files.newBufferedWriter(dir.resolve(spec.qualifiedName("-") + ".adoc"), StandardCharsets.UTF_8))) {
            ManPageGenerator.writeSingleManPage(page, spec);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                writePages(dir, sub.getCommandSpec());
            }
        }
    }
}
