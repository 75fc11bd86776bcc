package io.xenvlan.server.cli;

import io.xenvlan.server.ErrorMapping;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command line. Subcommands are listed here explicitly (no scanning): a module
 * adds its command class to {@code subcommands}.
 */
@Command(name = "xenvlan", mixinStandardHelpOptions = true, versionProvider = XenvlanCommand.Version.class,
        description = "A VLAN network manager for XenServer / XCP-ng pools (nova-network's VlanManager, rebuilt).",
        footer = {"", "Global options of every command: --db URL (XENVLAN_DB), --state-dir DIR (XENVLAN_STATE_DIR), --json.",
                "Exit codes: 0 ok, 1 internal, 2 invalid input, 3 not found, 4 conflict, 5 exhausted, 6 backend failure, 7 auth, 8 drift remains (audit)."},
        subcommands = {
                DemoCommand.class,
                SimCommand.class,
                NetworkCommand.class,
                ProjectCommand.class,
                AddressCommand.class,
                TokenCommand.class,
                ServerCommand.class,
                NodeCommand.class,
                PoolCommand.class,
                VifCommand.class,
                FloatingCommand.class,
                AuditCommand.class,
                DhcpEventCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class XenvlanCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code (see {@link ErrorMapping}). */
    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** The configured command line, writing to the given streams (tests capture them). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new XenvlanCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                ? ErrorMapping.EXIT_INVALID_INPUT : ErrorMapping.exitCode(e));
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            boolean json = Arrays.asList(parseResult.originalArgs().toArray(new String[0])).contains("--json");
            PrintWriter e = commandLine.getErr();
            if (json) {
                e.println(Output.json(ErrorMapping.body(error)));
            } else {
                e.println("error: " + ErrorMapping.message(error));
            }
            if (ErrorMapping.exitCode(error) == ErrorMapping.EXIT_INTERNAL) {
                error.printStackTrace(e);
            }
            e.flush();
            return ErrorMapping.exitCode(error);
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = XenvlanCommand.class.getPackage().getImplementationVersion();
            return new String[] {"xenvlan " + (v == null ? "development build" : v)};
        }
    }
}
