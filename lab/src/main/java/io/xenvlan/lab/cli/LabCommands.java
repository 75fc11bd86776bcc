package io.xenvlan.lab.cli;

import io.xenvlan.server.cli.XenvlanCommand;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** The lab's commands, listed before the product's in the usage, and the whole command line with them. */
public final class LabCommands {
    /** {@code xenvlan demo} and {@code xenvlan sim}. */
    public static final List<Class<?>> ALL = List.of(DemoCommand.class, SimCommand.class);

    private LabCommands() {}

    /** The runnable jar's whole command line, writing to the given streams (tests; the man pages and completion). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return XenvlanCommand.commandLine(out, err, ALL);
    }
}
