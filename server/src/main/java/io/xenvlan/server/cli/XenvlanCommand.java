package io.xenvlan.server.cli;

import io.xenvlan.server.ErrorMapping;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command line. Subcommands are listed here explicitly (no scanning): a module
 * adds its command class to {@link #SUBCOMMANDS}.
 */
@Command(name = "xenvlan", mixinStandardHelpOptions = true, versionProvider = XenvlanCommand.Version.class,
        description = "A VLAN network manager for XenServer / XCP-ng pools (nova-network's VlanManager, rebuilt).",
        footer = {"", "Global options of every command: --db URL (XENVLAN_DB), --state-dir DIR (XENVLAN_STATE_DIR), --json.",
                "Exit codes: 0 ok, 1 internal, 2 invalid input, 3 not found, 4 conflict, 5 exhausted, 6 backend failure, 7 auth, 8 drift remains (audit)."})
public final class XenvlanCommand implements Runnable {

    /** Every subcommand, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            AuditCommand.class,
            DhcpEventCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code (see {@link ErrorMapping}). */
    public static int run(String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), Optional.of(List.of(args)))
                .execute(args);
    }

    /** The whole command line, writing to the given streams (tests capture them; the completion and man pages come from it). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Optional.empty());
    }

    /**
     * The command line for {@code args}: with only the subcommand they name, when they name one. Building a
     * command's model (reflection over each of its options and subcommands) is most of picocli's start-up, so
     * a run does not build the dozen it does not use; help, version and unknown commands get them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Optional<List<String>> args) {
        CommandLine cli = new CommandLine(new XenvlanCommand());
        Optional<Class<?>> named = args.filter(a -> !a.isEmpty()).map(a -> a.get(0)).flatMap(XenvlanCommand::subcommandNamed);
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (named.isEmpty() || named.get() == subcommand) {
                cli.addSubcommand(subcommand);
            }
        }
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

    private static Optional<Class<?>> subcommandNamed(String name) {
        return SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(name))
                .findFirst();
    }

    /** {@code xenvlan 0.2.0 (commit 0123456789ab)} and the Java runtime it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
