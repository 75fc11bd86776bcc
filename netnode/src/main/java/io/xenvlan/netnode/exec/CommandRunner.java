package io.xenvlan.netnode.exec;

import io.xenvlan.core.error.BackendFailureException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Runs the network node's commands. {@link ProcessCommandRunner} runs them; {@link
 * ReportingCommandRunner} only records them (a report of what the node would do).
 */
public interface CommandRunner {

    /** False for a runner that only records commands: nothing it "starts" ever writes a file. */
    default boolean executes() {
        return true;
    }

    /** Runs a command to its end. */
    CommandResult run(Command command);

    /** Starts a long-running command with its output appended to {@code log}. */
    RunningProcess start(Command command, Path log);

    /**
     * Starts {@code command} kept running, to be asked line by line; empty for a runner that
     * cannot hold a program open (one that only records): the caller then runs a command per request.
     */
    default Optional<LineSession> open(Command command) {
        return Optional.empty();
    }

    /**
     * Runs a command and insists it succeeds.
     *
     * @throws BackendFailureException (backend = the program, code = {@code EXIT_<n>}, params =
     *     the command and its stderr) when it exits non-zero
     */
    default CommandResult check(Command command) {
        CommandResult result = run(command);
        if (!result.ok()) {
            String stderr = result.stderr().strip();
            throw new BackendFailureException(command.program(), "EXIT_" + result.exitCode(),
                    List.of(command.toString(), stderr),
                    "'" + command + "' failed with exit code " + result.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr),
                    null);
        }
        return result;
    }
}
