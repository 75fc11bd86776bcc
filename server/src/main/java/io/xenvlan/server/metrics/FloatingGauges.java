package io.xenvlan.server.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.PoolUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code xenvlan_floating_ips{pool,state}}: per pool, its addresses {@code free}, {@code allocated}
 * (held by a project, not associated) and {@code associated}, read from the database at every scrape.
 */
public final class FloatingGauges implements Runnable {
    private final FloatingIps floating;
    private final MultiGauge gauge;

    public FloatingGauges(FloatingIps floating, ServerMetrics metrics) {
        this.floating = floating;
        this.gauge = MultiGauge.builder("xenvlan.floating.ips").description("floating IPs by pool and state")
                .register(metrics.registry());
        metrics.beforeScrape(this);
    }

    @Override
    public void run() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (PoolUsage u : floating.pools()) {
            String pool = u.pool().name().value();
            rows.add(MultiGauge.Row.of(Tags.of("pool", pool, "state", "free"), u.free()));
            rows.add(MultiGauge.Row.of(Tags.of("pool", pool, "state", "allocated"), u.allocated() - u.associated()));
            rows.add(MultiGauge.Row.of(Tags.of("pool", pool, "state", "associated"), u.associated()));
        }
        gauge.register(rows, true);
    }
}
