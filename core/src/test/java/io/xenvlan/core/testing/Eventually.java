package io.xenvlan.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or the time is up, for what a test cannot be told about
 * directly (real processes, another thread, a server's background loop). Every wait is bounded;
 * a timeout or an interrupt fails the test with what was awaited. Shared through the core
 * test-jar, so no module writes its own polling loop.
 */
public final class Eventually {
    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {}

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when it still does not hold after {@code timeout}
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
