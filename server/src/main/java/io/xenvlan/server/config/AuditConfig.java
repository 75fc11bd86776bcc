package io.xenvlan.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The API role's periodic pool audit.
 *
 * @param interval time between audits of every registered pool ({@code audit.interval}); zero turns it off
 * @param repair   whether each run also repairs xenvlan's own objects ({@code audit.repair}); else it only reports
 */
public record AuditConfig(Duration interval, boolean repair) {
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);

    public AuditConfig {
        Objects.requireNonNull(interval, "interval");
    }

    public boolean enabled() {
        return !interval.isZero();
    }
}
