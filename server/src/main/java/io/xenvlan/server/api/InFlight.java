package io.xenvlan.server.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests being served so a stopping server can refuse new ones (503) and wait for the
 * ones in flight to finish, up to a grace period.
 */
final class InFlight {
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Object lock = new Object();

    /** @return false when draining (the request must be refused) */
    boolean enter() {
        count.incrementAndGet();
        if (draining.get()) {
            leave();
            return false;
        }
        return true;
    }

    void leave() {
        if (count.decrementAndGet() <= 0) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    int count() {
        return count.get();
    }

    /** Refuses new requests, then waits until none is in flight or {@code grace} passed; true when drained. */
    boolean drain(Duration grace, Clock clock) throws InterruptedException {
        draining.set(true);
        Instant deadline = clock.instant().plus(grace);
        synchronized (lock) {
            while (count.get() > 0) {
                long left = Duration.between(clock.instant(), deadline).toMillis();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.min(left, 50));
            }
        }
        return true;
    }
}
