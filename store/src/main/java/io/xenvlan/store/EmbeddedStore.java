package io.xenvlan.store;

import io.xenvlan.core.error.BackendFailureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The embedded store of a state directory: the H2 file {@code xenvlan.mv.db}, encrypted (AES) with a
 * password generated on first use and kept in {@code store-password} (0600; see {@link StorePassword}),
 * opened by one process at a time ({@link StoreLock}) and never shared over a network port. Commits are
 * durable when they return ({@code WRITE_DELAY=0}). H2 keeps no trace file: its errors reach xenvlan as exceptions.
 *
 * <p>Closing the store compacts its file by one round ({@code MAX_COMPACT_TIME=1}): H2 repeats rounds of
 * rewriting and moving chunks until that many milliseconds have passed, and by default (200 ms) a short
 * command that had only read spent most of them there, while one round keeps the file as small
 * (every open and close writes a little, so the file grows when closing compacts nothing at all).
 */
public final class EmbeddedStore {
    /** The database's name: its file is {@code <state-dir>/xenvlan.mv.db}. */
    public static final String NAME = "xenvlan";
    public static final String FILE = NAME + ".mv.db";
    /** How long a process waits for the store by default (XENVLAN_STORE_WAIT overrides it in the CLI and server). */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);
    static final String USER = "XENVLAN";
    /** H2's own lock on the file outlives our lock by the moment its last connection takes to close. */
    private static final Duration H2_RELEASE = Duration.ofSeconds(5);
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private EmbeddedStore() {}

    /** Waits (up to {@link #DEFAULT_WAIT}) for the state directory's store and opens it; closing the store lets it go. */
    public static JdbcStore open(Path stateDir) {
        return open(StoreLock.acquire(stateDir, DEFAULT_WAIT), StoreConfig.DEFAULT_POOL_SIZE, Clock.systemUTC());
    }

    /**
     * Opens (creating, or upgrading a store without a password) and migrates the store {@code lock}
     * guards; closing the store releases the lock, as does a failure to open it.
     */
    public static JdbcStore open(StoreLock lock, int poolSize, Clock clock) {
        StoreConfig config;
        try {
            config = config(lock, poolSize);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        long deadline = System.nanoTime() + H2_RELEASE.toNanos();
        while (true) {
            try {
                JdbcStore store = JdbcStore.open(config, clock);
                StateDirectory.ownerOnly(lock.stateDir().resolve(FILE)); // a new file gets the process's umask
                return ownedBy(store, lock);
            } catch (BackendFailureException e) {
                if (!stillOpenElsewhere(e) || System.nanoTime() - deadline > 0) {
                    lock.close();
                    throw e;
                }
                StoreLock.pause();
            }
        }
    }

    /**
     * The connection settings of the store {@code lock} guards (its password made or read, its file 0600),
     * for a caller that opens it itself while it holds the lock (benchmarks).
     */
    public static StoreConfig config(StoreLock lock, int poolSize) {
        Path dir = lock.stateDir();
        String password = StorePassword.readOrCreate(dir);
        StateDirectory.ownerOnly(dir.resolve(FILE));
        return StoreConfig.of(url(dir)).withCredentials(USER, password + " " + password).withPoolSize(poolSize);
    }

    static String url(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.resolve(NAME) + ";CIPHER=AES;WRITE_DELAY=0;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0;MAX_COMPACT_TIME=1";
    }

    /** The store file exists in {@code stateDir}. */
    public static boolean exists(Path stateDir) {
        return Files.exists(stateDir.resolve(FILE));
    }

    private static JdbcStore ownedBy(JdbcStore store, StoreLock lock) {
        return store.releasingOnClose(() -> {
            StateDirectory.ownerOnly(lock.stateDir().resolve(FILE));
            lock.close();
        });
    }

    private static boolean stillOpenElsewhere(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    /** The error for a store file that cannot be opened with the password beside it. */
    static BackendFailureException unreadable(Path dir, String why, Throwable cause) {
        return new BackendFailureException("database", "STORE_LOCKED", List.of(dir.resolve(FILE).toString()),
                "database: cannot open " + dir.resolve(FILE) + ": " + why, cause);
    }
}
