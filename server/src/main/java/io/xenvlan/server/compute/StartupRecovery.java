package io.xenvlan.server.compute;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.hypervisor.OperationTiming;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.RecoveryReport;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.port.PoolStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes, on every registered pool, the attach and detach operations that a process which is
 * gone left half done ({@link VifAttachments#recover}). An API process runs it as soon as it
 * starts, and once more when the heartbeat of a predecessor killed just before it is old enough
 * to count as dead; the periodic audit runs it too. Each pass logs one line per pool.
 */
public final class StartupRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

    private final VifAttachments attachments;
    private final PoolStore pools;

    public StartupRecovery(VifAttachments attachments, PoolStore pools) {
        this.attachments = attachments;
        this.pools = pools;
    }

    /** One pass over every registered pool; a pool that fails is logged and the next one recovered all the same. */
    Map<PoolName, RecoveryReport> runOnce() {
        Map<PoolName, RecoveryReport> reports = new LinkedHashMap<>();
        for (PoolSettings pool : pools.pools()) {
            try {
                RecoveryReport r = attachments.recover(pool.name());
                reports.put(pool.name(), r);
                LOG.info("recovery: pool={} vms={} vifs={} failed={} took_ms={}", pool.name(), r.vms(), r.vifs(), r.failures().size(),
                        r.took().toMillis());
                r.failures().forEach(f -> LOG.warn("recovery: pool={} not yet: {}", pool.name(), f));
            } catch (XenvlanException e) {
                LOG.warn("recovery: pool={} failed: {}; retried by the next pass", pool.name(), e.getMessage());
            }
        }
        return reports;
    }

    /**
     * Runs a pass now and one more once a predecessor's last heartbeat is older than the stale
     * time. A process that is the store's only user (see {@link VifAttachments#takeOtherWorkersForDead})
     * takes every earlier worker's operations over in the first pass.
     */
    public void atStart(ScheduledExecutorService scheduler) {
        OperationTiming timing = attachments.timing();
        Duration again = timing.staleAfter().plus(timing.heartbeat());
        scheduler.execute(this::runQuietly);
        scheduler.schedule(this::runQuietly, again.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("recovery pass failed; the periodic audit tries again", e);
        }
    }
}
