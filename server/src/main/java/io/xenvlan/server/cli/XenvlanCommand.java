package io.xenvlan.server.cli;

import io.xenvlan.server.ErrorBody;
import io.xenvlan.server.ErrorMapping;
import io.xenvlan.core.error.Causes;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root of the command line. Subcommands are listed explicitly (no scanning): the product's in
 * {@link #SUBCOMMANDS}; a program built on it (the lab module's demo and simulator) hands its own
 * to {@link #run(List, String...)}, listed first.
 */
@Command(name = "xenvlan", mixinStandardHelpOptions = true, versionProvider = XenvlanCommand.Version.class,
        description = "A VLAN network manager for XenServer / XCP-ng pools (nova-network's VlanManager, rebuilt).",
        footer = {"", "Global options of every command: --db URL (XENVLAN_DB), --state-dir DIR (XENVLAN_STATE_DIR), --json.",
                "Exit codes: 0 ok, 1 internal, 2 invalid input, 3 not found, 4 conflict, 5 exhausted, 6 backend failure, 7 auth, 8 drift remains (audit)."})
public final class XenvlanCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(XenvlanCommand.class);

    /** The product's subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            BackupCommand.class,
            RestoreCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the product's command line and returns the exit code (see {@link ErrorMapping}). */
    public static int run(String... args) {
        return run(List.of(), args);
    }

    /** Runs the command line with {@code first} listed before the product's subcommands; returns the exit code. */
    public static int run(List<Class<?>> first, String... args) {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), first, Optional.of(List.of(args)))
                .execute(args);
    }

    /** The product's whole command line, writing to the given streams (tests capture them). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, List.of());
    }

    /** The whole command line with {@code first} before the product's subcommands (the completion and man pages come from it). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> first) {
        return commandLine(out, err, first, Optional.empty());
    }

    /**
     * The command line for {@code args}: with only the subcommand they name, when they name one. Building a
     * command's model (reflection over each of its options and subcommands) is most of picocli's start-up, so
     * a run does not build the dozen it does not use; help, version and unknown commands get them all.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> first, Optional<List<String>> args) {
        CommandLine cli = new CommandLine(new XenvlanCommand());
        List<Class<?>> all = java.util.stream.Stream.concat(first.stream(), SUBCOMMANDS.stream()).toList();
        Optional<Class<?>> named = args.filter(a -> !a.isEmpty()).map(a -> a.get(0)).flatMap(a -> subcommandNamed(all, a));
        for (Class<?> subcommand : all) {
            if (named.isEmpty() || named.get() == subcommand) {
                cli.addSubcommand(subcommand);
            }
        }
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException
                ? ErrorMapping.EXIT_INVALID_INPUT : ErrorMapping.exitCode(e));
        cli.setParameterExceptionHandler(XenvlanCommand::usageError);
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            boolean json = Arrays.asList(parseResult.originalArgs().toArray(new String[0])).contains("--json");
            PrintWriter e = commandLine.getErr();
            if (json) {
                e.println(Output.json(ErrorMapping.body(error)));
            } else {
                e.println("error: " + oneLine(ErrorMapping.message(error)));
            }
            if (ErrorMapping.exitCode(error) == ErrorMapping.EXIT_INTERNAL) {
                LOG.debug("internal error", error); // the stack trace, for XENVLAN_LOG_LEVEL=debug; never on the terminal otherwise
            }
            e.flush();
            return ErrorMapping.exitCode(error);
        });
        return cli;
    }

    /**
     * A command line picocli could not parse: one line naming what is wrong (an unknown option with
     * the nearest known ones, a missing option, a bad value) and where the usage is, or the JSON
     * error body with {@code --json}; exit code 2.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String help = command.getCommandSpec().qualifiedName(" ") + " --help";
        Map<String, Object> details = new LinkedHashMap<>();
        String message;
        // picocli reports a missing option before an unknown one; the unknown one ("--lable") is the cause of both
        List<String> stray = command.getUnmatchedArguments();
        if (!(ex instanceof CommandLine.UnmatchedArgumentException) && !stray.isEmpty()) {
            ex = new CommandLine.UnmatchedArgumentException(command, stray);
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            List<String> suggestions = unmatched.getSuggestions();
            boolean option = first.startsWith("-");
            message = (option ? "unknown option '" : "unexpected argument '") + first + "'"
                    + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions.stream().map(x -> "'" + x + "'").toList()) + "?");
            details.put("field", first);
            details.put("rule", option ? "known-option" : "expected-argument");
            details.put("suggestions", suggestions);
        } else if (ex instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
            List<String> names = missing.getMissing().stream().map(XenvlanCommand::argName).toList();
            message = "missing " + (names.size() == 1 ? "" : "options ") + String.join(", ", names)
                    + (names.size() == 1 && names.get(0).startsWith("-") ? " (required)" : "");
            details.put("field", names.get(0));
            details.put("rule", "required");
        } else {
            message = Causes.clean(ex.getMessage());
            details.put("field", ex.getArgSpec() == null ? "arguments" : argName(ex.getArgSpec()));
            details.put("rule", "valid");
        }
        details.put("help", help);
        PrintWriter err = command.getErr();
        if (Arrays.asList(args).contains("--json")) {
            err.println(Output.json(new ErrorBody("invalid_input", message, details)));
        } else {
            err.println("error: " + oneLine(message) + " (see '" + help + "')");
        }
        err.flush();
        return ErrorMapping.EXIT_INVALID_INPUT;
    }

    private static String argName(CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : ((CommandLine.Model.PositionalParamSpec) arg).paramLabel();
    }

    /** Messages end up on one terminal line: no line breaks, and never empty or "null". */
    private static String oneLine(String message) {
        String m = message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", "; ").trim();
        return m.isEmpty() || "null".equals(m) ? "failed without further detail" : m;
    }

    private static Optional<Class<?>> subcommandNamed(List<Class<?>> all, String name) {
        return all.stream().filter(c -> c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(name))
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
