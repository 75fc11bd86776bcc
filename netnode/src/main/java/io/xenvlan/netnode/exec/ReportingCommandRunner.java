package io.xenvlan.netnode.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs nothing: records every command it is given, in order, so the node can report what it
 * would do on a machine where it may not change the network. Queries answer "absent" (exit 1), so
 * the report shows everything the node would create from scratch; started processes get made-up
 * pids and stay "alive" until stopped.
 */
public final class ReportingCommandRunner implements CommandRunner {
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final AtomicLong nextPid = new AtomicLong(900_000);

    @Override
    public boolean executes() {
        return false;
    }

    @Override
    public CommandResult run(Command command) {
        commands.add(command);
        return command.query() ? new CommandResult(1, "", "") : new CommandResult(0, "", "");
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        commands.add(command);
        return new Reported(nextPid.getAndIncrement(), this);
    }

    /** Every command so far, oldest first. */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** The commands that would change the system, one per line, as a human reads them. */
    public List<String> report() {
        return commands.stream().filter(c -> !c.query()).map(Command::toString).toList();
    }

    private static final class Reported implements RunningProcess {
        private final long pid;
        private final ReportingCommandRunner runner;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Reported(long pid, ReportingCommandRunner runner) {
            this.pid = pid;
            this.runner = runner;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void hangUp() {
            runner.run(Command.change("kill", "-s", "HUP", Long.toString(pid)));
        }

        @Override
        public void terminate() {
            stop(Duration.ZERO);
        }

        @Override
        public void kill() {
            exit.complete(137);
        }

        @Override
        public void stop(Duration grace) {
            runner.run(Command.change("kill", "-s", "TERM", Long.toString(pid)));
            exit.complete(0);
        }
    }
}
