package io.xenvlan.store;

import io.xenvlan.core.error.BackendFailureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The right to open a state directory's embedded store: an exclusive lock on {@code store.lock}
 * (0600), held for as long as the store is open. The operating system releases it when its process
 * ends, however it ends, so a killed holder never leaves the store locked.
 */
public final class StoreLock implements AutoCloseable {
    public static final String FILE = "store.lock";
    private static final long POLL_MILLIS = 25;

    private final Path stateDir;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path stateDir, FileChannel channel, FileLock lock) {
        this.stateDir = stateDir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, when no other process (or other holder in this one) has it; prepares the directory (0700). */
    public static Optional<StoreLock> tryAcquire(Path stateDir) {
        Path dir = StateDirectory.prepare(stateDir);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dir.resolve(FILE), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(StateDirectory.OWNER_ONLY_FILE));
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            StateDirectory.ownerOnly(dir.resolve(FILE));
            return Optional.of(new StoreLock(dir, channel, lock));
        } catch (OverlappingFileLockException heldHere) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + dir.resolve(FILE), e);
        }
    }

    /**
     * Waits up to {@code wait} for the lock.
     *
     * @throws BackendFailureException ({@code STORE_BUSY}) when another process held it all that time
     */
    public static StoreLock acquire(Path stateDir, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<StoreLock> lock = tryAcquire(stateDir);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw busy(stateDir, wait);
            }
            pause();
        }
    }

    /** The error for a store another process held for all of {@code wait}. */
    public static BackendFailureException busy(Path stateDir, Duration wait) {
        Path dir = stateDir.toAbsolutePath().normalize();
        return new BackendFailureException("database", "STORE_BUSY", List.of(dir.toString()),
                "the store in " + dir + " stayed in use by another xenvlan process for " + wait.toSeconds()
                        + " s; try again, or wait longer (XENVLAN_STORE_WAIT, seconds)", null);
    }

    /** A short sleep between two tries. */
    public static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendFailureException("database", "interrupted", List.of(), "interrupted while waiting for the store", e);
        }
    }

    /** The state directory (absolute) whose store this lock guards. */
    public Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
