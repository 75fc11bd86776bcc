package io.xenvlan.netnode.exec;

import io.xenvlan.core.concurrent.DaemonThreads;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs independent listings (one process each: links, ports, rules) at the same time, so a pass
 * that reads the node waits for the slowest of them instead of their sum: each mostly waits for
 * its process to be scheduled, started and done, and a loaded machine makes that wait long.
 */
public final class Concurrently {
    private static final ExecutorService LISTINGS = Executors.newCachedThreadPool(DaemonThreads.named("netnode-listing"));

    private Concurrently() {
    }

    /** Starts {@code work} on another thread. */
    public static <T> CompletableFuture<T> start(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, LISTINGS);
    }

    /** The result of {@code started}, waiting for it; its failure is thrown as it was thrown. */
    public static <T> T join(CompletableFuture<T> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
