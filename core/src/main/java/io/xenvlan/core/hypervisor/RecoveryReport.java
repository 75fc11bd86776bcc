package io.xenvlan.core.hypervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one recovery pass did on a pool.
 *
 * @param vms      VMs on which an interrupted operation was finished
 * @param vifs     VIFs taken off the pool with their addresses released
 * @param failures per VM that could not be recovered now (retried on the next pass)
 */
public record RecoveryReport(PoolName pool, int vms, int vifs, List<String> failures, Duration took) {
    public RecoveryReport {
        Objects.requireNonNull(pool, "pool");
        failures = List.copyOf(failures);
        Objects.requireNonNull(took, "took");
    }
}
