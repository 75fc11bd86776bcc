package io.xenvlan.netnode.dnsmasq;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which networks' lease spools got new files, so the node drains only those and only when
 * something arrived, instead of listing every spool directory every coalescing window. One
 * {@link WatchService} (one inotify instance, one watch per spool directory) and one thread that
 * sleeps until the kernel reports a file; an overflow of the kernel's queue marks every spool.
 */
final class SpoolWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolWatch.class);

    private final WatchService watcher;
    private final Map<WatchKey, Long> keys = new ConcurrentHashMap<>();
    private final Map<Long, WatchKey> byNetwork = new ConcurrentHashMap<>();
    private final Set<Long> dirty = ConcurrentHashMap.newKeySet();
    private final Runnable wake;
    private final Thread thread;

    /** Starts watching; {@code wake} runs (on the watching thread) whenever a spool got something. */
    SpoolWatch(Runnable wake) {
        try {
            this.watcher = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot watch the lease spools", e);
        }
        this.wake = wake;
        this.thread = new Thread(this::run, "netnode-spool-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Watches the network's spool directory (it must exist) and marks it, for what arrived before. */
    void watch(long networkId, Path dir) {
        try {
            WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            keys.put(key, networkId);
            WatchKey old = byNetwork.put(networkId, key);
            if (old != null && old != key) {
                keys.remove(old);
            }
        } catch (IOException e) {
            LOG.warn("cannot watch {}; its lease events are drained at the periodic sweep only: {}", dir, e.getMessage());
        }
        mark(networkId);
    }

    void forget(long networkId) {
        WatchKey key = byNetwork.remove(networkId);
        if (key != null) {
            keys.remove(key);
            key.cancel();
        }
        dirty.remove(networkId);
    }

    /** The networks marked since the last call (they are unmarked). */
    Set<Long> takeDirty() {
        Set<Long> taken = Set.copyOf(dirty);
        dirty.removeAll(taken);
        return taken;
    }

    void mark(long networkId) {
        dirty.add(networkId);
    }

    private void run() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean overflow = key.pollEvents().stream().anyMatch(e -> e.kind() == StandardWatchEventKinds.OVERFLOW);
            Long network = keys.get(key);
            if (overflow) {
                dirty.addAll(byNetwork.keySet());
            } else if (network != null) {
                dirty.add(network);
            }
            key.reset();
            try {
                wake.run();
            } catch (RuntimeException e) {
                LOG.warn("scheduling a drain of the lease spools failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("closing the spool watch: {}", e.getMessage());
        }
        thread.interrupt();
    }
}
