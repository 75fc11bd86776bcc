package io.xenvlan.netnode.metadata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (a VM: its network and address): {@code burst} requests at once, then
 * {@code perSecond}. cloud-init reads some forty documents at boot, well inside a burst; a VM
 * that keeps asking is told 429. At most {@code maxCallers} buckets are kept (the oldest used
 * goes first), so a flood of spoofed sources cannot grow the map without bound.
 */
final class RequestRateLimiter {
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets;

    RequestRateLimiter(double perSecond, int burst, int maxCallers, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxCallers;
            }
        };
    }

    /** Takes a token of {@code caller}'s bucket: false when it is empty (the request is refused). */
    synchronized boolean tryAcquire(String caller) {
        long now = nanoTime.getAsLong();
        Bucket b = buckets.computeIfAbsent(caller, k -> new Bucket(burst, now));
        b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
        b.at = now;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
