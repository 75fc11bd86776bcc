package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.time.Sleeper;
import io.xenvlan.xenapi.client.XenApiException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs an idempotent compute step again after a transient XenAPI failure (another operation in
 * progress, an internal error, a lost reply), a bounded number of times. When the attempts run
 * out the caller gets a BackendFailureException naming the pool, the step and the last XenAPI
 * error code and parameters.
 */
final class Retrying {
    private static final Set<String> TRANSIENT = Set.of("OTHER_OPERATION_IN_PROGRESS", "INTERNAL_ERROR",
            "TOO_BUSY", "HOST_STILL_BOOTING", XenApiException.TIMEOUT, XenApiException.CONNECT_TIMEOUT, XenApiException.CONNECT_FAILED,
            XenApiException.TRANSPORT_FAILED, XenApiException.HTTP_STATUS);

    private final int attempts;
    private final Duration backoff;
    private final Sleeper sleeper;

    Retrying(int attempts, Duration backoff, Sleeper sleeper) {
        this.attempts = attempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
    }

    static boolean isTransient(XenApiException e) {
        return TRANSIENT.contains(e.errorCode());
    }

    <T> T run(PoolName pool, String step, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (XenApiException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw new BackendFailureException("xenapi", e.errorCode(), e.params(), "pool " + pool + ": " + step
                            + " failed after " + attempts + " attempts: " + e.errorCode() + " " + e.params(), e);
                }
                pause(attempt);
            }
        }
    }

    private void pause(int attempt) {
        try {
            sleeper.sleep(backoff.multipliedBy(attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XenApiException(XenApiException.INTERRUPTED, java.util.List.of("retry backoff"), e);
        }
    }
}
