package io.xenvlan.core.concurrent;

import io.xenvlan.core.error.Causes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an owner started, closed in reverse order: the last thing started stops first, and a
 * failure to stop one thing is logged on one line (the stack trace only at debug level) and does
 * not keep the rest running. Closing twice is harmless; something added once the closer is
 * closed (a start racing a shutdown hook) is closed at once. Thread-safe.
 */
public final class Closer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);

    private final String owner;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private boolean closed;

    /** @param owner who closes, for the log ({@code "xenvlan sim"}, {@code "server"}) */
    public Closer(String owner) {
        this.owner = owner;
    }

    /** Adds {@code resource} (null: nothing) to be closed before everything added earlier; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        if (resource == null) {
            return null;
        }
        synchronized (this) {
            if (!closed) {
                started.push(resource);
                return resource;
            }
        }
        closeOne(resource);
        return resource;
    }

    /** Closes everything added, last first; logs each failure. */
    @Override
    public void close() {
        closeAll();
    }

    /** As {@link #close()}, returning the failures (empty when everything stopped cleanly). */
    public List<Exception> closeAll() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(started);
            started.clear();
        }
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable resource : toClose) {
            Exception failure = closeOne(resource);
            if (failure != null) {
                failures.add(failure);
            }
        }
        return failures;
    }

    private Exception closeOne(AutoCloseable resource) {
        try {
            resource.close();
            return null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("{}: stopping failed: {}", owner, Causes.describe(e));
            LOG.debug("{}: stopping failed", owner, e);
            return e;
        }
    }
}
