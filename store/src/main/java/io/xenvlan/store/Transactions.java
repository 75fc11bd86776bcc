package io.xenvlan.store;

import io.xenvlan.core.error.XenvlanException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Runs work in one READ COMMITTED transaction and retries it, a bounded number of times, when it
 * lost a race (serialization failure, deadlock, lock timeout, unique violation). Domain errors
 * roll back and propagate unchanged.
 */
final class Transactions {
    static final int MAX_ATTEMPTS = 12;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    // Writers that stamp changes share this lock; changeSequence() on H2 takes it exclusively
    // so that it never reads a stamp whose transaction is still open (see Dialect.safeChangeBound).
    private final ReentrantReadWriteLock changeLock = new ReentrantReadWriteLock();
    // told after each committed stamping transaction: the network nodes of this process (H2, where no other tells them)
    private final List<Runnable> committed = new CopyOnWriteArrayList<>();

    Transactions(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /** A transaction that stamps changes. */
    <T> T stamped(Work<T> work) {
        return stamped(work, e -> { });
    }

    /** A transaction that stamps changes; {@code beforeRetry} sees each failure that is retried. */
    <T> T stamped(Work<T> work, Consumer<SQLException> beforeRetry) {
        T result = run(work, beforeRetry, dialect == Dialect.H2 ? changeLock.readLock() : null);
        committed.forEach(Runnable::run);
        return result;
    }

    /** Runs {@code listener} after every committed stamping transaction of this process; @return removes it */
    AutoCloseable afterWrites(Runnable listener) {
        committed.add(listener);
        return () -> committed.remove(listener);
    }

    /** A transaction that changes nothing a network node watches (reads, lease marks). */
    <T> T unstamped(Work<T> work) {
        return run(work, e -> { }, null);
    }

    /** Work that must not overlap any open stamping transaction of this store (H2 only). */
    <T> T exclusive(Work<T> work) {
        return run(work, e -> { }, dialect == Dialect.H2 ? changeLock.writeLock() : null);
    }

    /**
     * Runs the attempts; {@code lock}, when given, is held for each attempt and released before a
     * retry's backoff, so a writer waiting to retry never keeps the exclusive readers out.
     */
    private <T> T run(Work<T> work, Consumer<SQLException> beforeRetry, Lock lock) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(work, lock);
            } catch (XenvlanException e) {
                throw e;
            } catch (SQLException e) {
                if (!SqlErrors.retryable(e) || attempt >= MAX_ATTEMPTS) {
                    throw SqlErrors.failure(e);
                }
                beforeRetry.accept(e);
                backoff(attempt);
            }
        }
    }

    private <T> T attempt(Work<T> work, Lock lock) throws SQLException {
        if (lock != null) {
            lock.lock();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } finally {
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void backoff(int attempt) {
        // jitter only spreads retries apart; it is not part of any result, so no injected randomness
        long maxMicros = Math.min(50_000L, 500L << Math.min(attempt, 6));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1000);
    }
}
