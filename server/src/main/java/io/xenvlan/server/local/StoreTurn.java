package io.xenvlan.server.local;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.server.client.ApiClient;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One command's access to a state directory's embedded store. Exactly one process opens the store at
 * a time: when no process has it, this one opens it ({@link Opened}) and the others wait their turn;
 * when a long-running process holds it (a server, {@code sim --netnode}) and has announced its local
 * endpoint, the command goes through that process ({@link Held}). The wait is bounded.
 */
public sealed interface StoreTurn extends AutoCloseable permits StoreTurn.Opened, StoreTurn.Held {

    @Override
    void close();

    /** The store, opened by this process. */
    record Opened(JdbcStore store) implements StoreTurn {
        @Override
        public void close() {
            store.close();
        }
    }

    /** The store is held by another process, reached through its announced endpoint. */
    final class Held implements StoreTurn {
        private final Announcement holder;
        private ApiClient client;

        Held(Announcement holder) {
            this.holder = holder;
        }

        Announcement holder() {
            return holder;
        }

        /** The API client over the holder's socket, with its local credential (made on first use). */
        public synchronized ApiClient client() {
            if (client == null) {
                client = ApiClient.overUnixSocket(holder.socket(), holder.token(),
                        "the xenvlan process holding the store (pid " + holder.pid() + ", " + holder.socket() + ")");
            }
            return client;
        }

        @Override
        public synchronized void close() {
            if (client != null) {
                client.close();
            }
        }
    }

    /**
     * Opens the store of {@code stateDir} for this process to hold (a server, a command that needs the
     * store itself), waiting its turn.
     *
     * @throws BackendFailureException ({@code STORE_HELD}) at once when a running process holds it and
     *                                 announced itself; ({@code STORE_BUSY}) when the wait ran out
     */
    static JdbcStore open(Path stateDir, Duration wait, int poolSize) {
        StoreTurn turn = take(stateDir, wait, poolSize);
        if (turn instanceof Opened opened) {
            return opened.store();
        }
        Announcement holder = ((Held) turn).holder();
        Path dir = stateDir.toAbsolutePath().normalize();
        throw new BackendFailureException("database", "STORE_HELD", List.of(dir.toString(), Long.toString(holder.pid())),
                "the store in " + dir + " is held by another xenvlan process (pid " + holder.pid()
                        + "); stop it first, or give another --state-dir", null);
    }

    /**
     * The lock of {@code stateDir}'s store for work on its files with the store closed (a restore): waits
     * its turn behind other commands, but not behind a process that holds the store.
     *
     * @throws BackendFailureException ({@code STORE_HELD}) at once when a running process holds the store and
     *                                 announced itself; ({@code STORE_BUSY}) when the wait ran out
     */
    static StoreLock exclusive(Path stateDir, Duration wait, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<StoreLock> lock = StoreLock.tryAcquire(stateDir);
            if (lock.isPresent()) {
                Announcement.remove(lock.get().stateDir());
                return lock.get();
            }
            Optional<Announcement> holder = Announcement.read(stateDir.toAbsolutePath().normalize()).filter(Announcement::holderAlive);
            if (holder.isPresent()) {
                Path dir = stateDir.toAbsolutePath().normalize();
                throw new BackendFailureException("database", "STORE_HELD", List.of(dir.toString(), Long.toString(holder.get().pid())),
                        what + ": refused while a xenvlan process (pid " + holder.get().pid() + ") holds the store in " + dir
                                + "; stop it first (for the package: systemctl stop xenvlan-api)", null);
            }
            if (System.nanoTime() - deadline > 0) {
                throw StoreLock.busy(stateDir, wait);
            }
            StoreLock.pause();
        }
    }

    /**
     * Opens the store of {@code stateDir} once no other process has it, or finds the holder that
     * announced itself; waits up to {@code wait} for either.
     *
     * @throws io.xenvlan.core.error.BackendFailureException ({@code STORE_BUSY}) when neither happened in time
     */
    static StoreTurn take(Path stateDir, Duration wait, int poolSize) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<StoreLock> lock = StoreLock.tryAcquire(stateDir);
            if (lock.isPresent()) {
                Announcement.remove(lock.get().stateDir()); // a holder that was killed left it: it is stale now
                return new Opened(EmbeddedStore.open(lock.get(), poolSize, Clock.systemUTC()));
            }
            Optional<Announcement> holder = Announcement.read(stateDir.toAbsolutePath().normalize()).filter(Announcement::holderAlive);
            if (holder.isPresent()) {
                return new Held(holder.get());
            }
            if (System.nanoTime() - deadline > 0) {
                throw StoreLock.busy(stateDir, wait);
            }
            StoreLock.pause();
        }
    }
}
