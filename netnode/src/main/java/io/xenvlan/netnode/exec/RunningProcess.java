package io.xenvlan.netnode.exec;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A long-running program a {@link CommandRunner} started (dnsmasq kept in the foreground). */
public interface RunningProcess {
    long pid();

    boolean isAlive();

    /** Completes with the exit code when the process ends. */
    CompletableFuture<Integer> onExit();

    /** The exit code of a process that ended (-1 when it is unknown or it still runs). */
    default int exitCode() {
        return onExit().getNow(-1);
    }

    /** Sends SIGHUP (dnsmasq re-reads its hosts and options files). */
    void hangUp();

    /** Sends SIGTERM and returns at once (a fleet stops many processes in parallel: {@link #onExit()} tells when). */
    void terminate();

    /** Sends SIGKILL and returns at once. */
    void kill();

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone. */
    void stop(Duration grace);
}
