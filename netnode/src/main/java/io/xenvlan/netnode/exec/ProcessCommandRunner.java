package io.xenvlan.netnode.exec;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.error.BackendFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs commands with {@link ProcessBuilder}: argument lists, no shell, a time limit per command. */
public final class ProcessCommandRunner implements CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);
    private static final ExecutorService OUTPUT_READERS = Executors.newCachedThreadPool(DaemonThreads.named("command-output"));

    private final Duration timeout;

    public ProcessCommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    public ProcessCommandRunner() {
        this(Duration.ofSeconds(60));
    }

    @Override
    public CommandResult run(Command command) {
        LOG.debug("run: {}", command);
        Process process = spawn(new ProcessBuilder(command.argv()), command);
        try {
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()), OUTPUT_READERS);
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()), OUTPUT_READERS);
            write(process, command.input());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new BackendFailureException(command.program(), "TIMEOUT", List.of(command.toString()),
                        "'" + command + "' did not finish within " + timeout, null);
            }
            return new CommandResult(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BackendFailureException(command.program(), "INTERRUPTED", List.of(command.toString()),
                    "interrupted while running '" + command + "'", e);
        }
    }

    @Override
    public RunningProcess start(Command command, Path log) {
        LOG.debug("start: {}", command);
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new Started(spawn(builder, command), this);
    }

    @Override
    public Optional<LineSession> open(Command command) {
        LOG.debug("open: {}", command);
        return Optional.of(new ProcessLineSession(command, spawn(new ProcessBuilder(command.argv()).redirectErrorStream(true), command),
                OUTPUT_READERS));
    }

    private static Process spawn(ProcessBuilder builder, Command command) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new BackendFailureException(command.program(), "NOT_RUNNABLE", List.of(command.toString()),
                    "cannot run '" + command.program() + "': " + e.getMessage() + " (is it installed and on the PATH?)", e);
        }
    }

    /** Feeds a batch's lines to the program (a program that exits without reading them all fails on its own). */
    private static void write(Process process, String input) throws IOException {
        try (var out = process.getOutputStream()) {
            if (!input.isEmpty()) {
                out.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                throw e;
            }
            // it ended before reading everything: its exit code and stderr tell why
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Started(Process process, ProcessCommandRunner runner) implements RunningProcess {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return process.onExit().thenApply(Process::exitValue);
        }

        @Override
        public int exitCode() {
            return process.isAlive() ? -1 : process.exitValue();
        }

        @Override
        public void hangUp() {
            runner.check(Command.change("kill", "-s", "HUP", Long.toString(process.pid())));
        }

        @Override
        public void terminate() {
            process.destroy();
        }

        @Override
        public void kill() {
            process.destroyForcibly();
        }

        @Override
        public void stop(Duration grace) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
