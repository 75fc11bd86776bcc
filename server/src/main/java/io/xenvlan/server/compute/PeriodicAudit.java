package io.xenvlan.server.compute;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.port.PoolStore;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API role's reconcile loop: every {@code audit.interval} it finishes the operations a process
 * that is gone left half done, audits each registered pool against the store ({@link ComputeAudit})
 * and, with {@code audit.repair}, repairs xenvlan's own objects.
 * Drift is logged one line per item and exported as {@code xenvlan_audit_drift{pool}} (items left
 * after the run) and {@code xenvlan_audit_runs_total{pool,outcome}} (clean, drift or failed); a pool
 * that cannot be reached is logged and counted, and the next pool is audited all the same.
 */
public final class PeriodicAudit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicAudit.class);

    /** What one run found on one pool. */
    public enum Outcome { CLEAN, DRIFT, FAILED }

    private final ComputeAudit audit;
    private final PoolStore pools;
    private final MeterRegistry registry;
    private final boolean repair;
    private final Clock clock;
    private final Map<String, AtomicLong> driftGauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastRunGauges = new ConcurrentHashMap<>();
    private ScheduledFuture<?> schedule;

    public PeriodicAudit(ComputeAudit audit, PoolStore pools, MeterRegistry registry, boolean repair, Clock clock) {
        this.audit = audit;
        this.pools = pools;
        this.registry = registry;
        this.repair = repair;
        this.clock = clock;
    }

    /** Runs every {@code interval} on {@code scheduler}, the first time one interval from now. */
    public synchronized PeriodicAudit every(Duration interval, ScheduledExecutorService scheduler) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("audit interval must be positive, got " + interval);
        }
        schedule = scheduler.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("pool audit every {} ({})", interval, repair ? "repairing xenvlan's own objects" : "report only");
        return this;
    }

    /** One run over every registered pool, in name order (one instance per registry: the gauges are this instance's). */
    public synchronized Map<PoolName, Outcome> runOnce() {
        Map<PoolName, Outcome> outcomes = new LinkedHashMap<>();
        for (PoolSettings pool : pools.pools()) {
            outcomes.put(pool.name(), auditPool(pool.name()));
        }
        return outcomes;
    }

    private Outcome auditPool(PoolName pool) {
        Outcome outcome;
        try {
            if (!repair) {
                audit.recover(pool); // interrupted operations are always finished (a repair does it first itself)
            }
            List<Drift> drift = repair ? audit.repair(pool) : audit.audit(pool);
            for (Drift d : drift) {
                LOG.warn("audit drift: pool={} kind={} network={} host={} repairable={} detail={}", pool.value(), d.kind(), d.network(),
                        d.host(), d.repairable(), d.detail());
            }
            gauge(driftGauges, "xenvlan.audit.drift", "drift items left on the pool after the last audit", pool).set(drift.size());
            outcome = drift.isEmpty() ? Outcome.CLEAN : Outcome.DRIFT;
        } catch (XenvlanException e) {
            LOG.warn("audit of pool {} failed: {} {}", pool.value(), e.code(), e.getMessage());
            outcome = Outcome.FAILED;
        } catch (RuntimeException e) {
            LOG.error("audit of pool {} failed", pool.value(), e);
            outcome = Outcome.FAILED;
        }
        gauge(lastRunGauges, "xenvlan.audit.last.run", "epoch seconds of the pool's last audit", pool)
                .set(clock.instant().getEpochSecond());
        Counter.builder("xenvlan.audit.runs").description("pool audits by outcome").tag("pool", pool.value())
                .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
        return outcome;
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String description, PoolName pool) {
        return gauges.computeIfAbsent(pool.value(), p -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("pool", p).register(registry);
            return value;
        });
    }

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("pool audit run failed; next run at the next interval", e); // e.g. the store is unreachable
        }
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
