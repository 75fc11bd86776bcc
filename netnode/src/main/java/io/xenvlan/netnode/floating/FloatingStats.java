package io.xenvlan.netnode.floating;

import java.util.concurrent.atomic.AtomicLong;

/** What the floating part of the node did: batches applied, associations changed by them, and the time they took. */
public final class FloatingStats {
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong changed = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    void applied(int associations, long tookNanos) {
        batches.incrementAndGet();
        changed.addAndGet(associations);
        nanos.addAndGet(tookNanos);
    }

    public long batches() {
        return batches.get();
    }

    /** Associations added or removed by the batches. */
    public long changed() {
        return changed.get();
    }

    /** Time spent applying batches (rules, addresses, connection flushes), in nanoseconds. */
    public long nanos() {
        return nanos.get();
    }
}
