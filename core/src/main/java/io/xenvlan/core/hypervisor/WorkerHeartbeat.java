package io.xenvlan.core.hypervisor;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.port.PoolStore;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's worker alive in the store while it may hold operations: one heartbeat
 * every {@link OperationTiming#heartbeat()} on a daemon thread, started on first use. Before it
 * changes a pool, an operation checks that the last heartbeat is recent
 * ({@link #requireFresh()}): a process cut off from the database long enough to be taken for
 * dead must not touch a pool behind the back of the process that took over its operations.
 */
final class WorkerHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerHeartbeat.class);

    private final PoolStore store;
    private final Worker worker;
    private final OperationTiming timing;
    private volatile ScheduledExecutorService scheduler;
    private volatile long lastBeatNanos;
    private boolean closed;
    private boolean soleUser;

    WorkerHeartbeat(PoolStore store, Worker worker, OperationTiming timing) {
        this.store = store;
        this.worker = worker;
        this.timing = timing;
    }

    Worker worker() {
        return worker;
    }

    /**
     * This process is the store's only user (it holds the embedded store, which one process opens at
     * a time): every other worker recorded there belongs to a process that is gone. They are
     * forgotten, and their claims let go, when this worker registers (or now, if it has).
     */
    synchronized void takeOthersForDead() {
        soleUser = true;
        if (scheduler != null) {
            retireOthers();
        }
    }

    private void retireOthers() {
        try {
            int retired = store.retireAllBut(worker);
            if (retired > 0) {
                LOG.info("this process is the store's only user: {} earlier workers taken for dead, their operations taken over", retired);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not take earlier workers for dead ({}); their operations are taken over once their heartbeats are old",
                    e.getMessage());
        }
    }

    /** Beats now (registering the worker) and from then on every heartbeat interval. */
    void start() {
        if (scheduler == null) {
            startOnce();
        }
    }

    private synchronized void startOnce() {
        if (scheduler != null || closed) {
            return;
        }
        beat();
        if (soleUser) {
            retireOthers();
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("xenvlan-worker-heartbeat"));
        long every = timing.heartbeat().toMillis();
        scheduler.scheduleWithFixedDelay(this::beatQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        store.heartbeat(worker);
        lastBeatNanos = System.nanoTime();
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("worker heartbeat failed ({}); operations stop touching pools once it is {} old", e.getMessage(),
                    timing.staleAfter().dividedBy(2));
        }
    }

    /**
     * @throws BackendFailureException when the last heartbeat is older than half the stale time
     *         and a new one fails: others may soon take this process's operations over
     */
    void requireFresh() {
        start();
        long age = System.nanoTime() - lastBeatNanos;
        if (age <= timing.staleAfter().dividedBy(2).toNanos()) {
            return;
        }
        try {
            beat();
        } catch (RuntimeException e) {
            throw new BackendFailureException("database", "heartbeat", List.of(worker.name()),
                    "database: this process could not record that it lives for " + age / 1_000_000 + " ms; it does not touch"
                            + " the pool until it can (another process may finish its operations)", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler = null;
        try {
            store.retire(worker);
        } catch (RuntimeException e) {
            LOG.debug("could not retire worker {}: {}", worker.name(), e.getMessage());
        }
    }
}
