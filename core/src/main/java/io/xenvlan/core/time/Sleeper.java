package io.xenvlan.core.time;

import java.time.Duration;

/**
 * Pauses the calling thread: the one way xenvlan waits between polls and retries, injected
 * beside a {@link java.time.Clock} so tests advance a fake clock instead of sleeping.
 *
 * <p>An implementation throws {@link InterruptedException} when the thread is interrupted (as
 * {@link Thread#sleep} does, which clears the flag); a caller that does not rethrow it sets
 * the flag again before it gives up.
 */
@FunctionalInterface
public interface Sleeper {

    /** {@link Thread#sleep} for the whole duration, nanoseconds included. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

    void sleep(Duration duration) throws InterruptedException;
}
