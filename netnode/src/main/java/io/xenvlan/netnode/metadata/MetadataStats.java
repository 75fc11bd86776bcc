package io.xenvlan.netnode.metadata;

import java.util.concurrent.atomic.AtomicLong;

/** The metadata service's counters, for metrics: documents served, requests refused (404) and rate-limited (429). */
public final class MetadataStats {
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong limited = new AtomicLong();

    void served() {
        served.incrementAndGet();
    }

    void refused() {
        refused.incrementAndGet();
    }

    void limited() {
        limited.incrementAndGet();
    }

    public long servedCount() {
        return served.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    public long limitedCount() {
        return limited.get();
    }
}
