package io.xenvlan.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One command line run in this JVM on a state directory, with what it printed and its exit code. */
record CliRun(int exit, String out, String err) {

    static CliRun run(Path stateDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--state-dir");
        all.add(stateDir.toString());
        int exit = XenvlanCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        return new CliRun(exit, out.toString(), err.toString());
    }

    JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out);
    }

    JsonNode errJson() throws Exception {
        return new ObjectMapper().readTree(err);
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
