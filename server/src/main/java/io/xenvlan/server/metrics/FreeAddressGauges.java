package io.xenvlan.server.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code xenvlan_network_free_addresses{network,vlan}}, refreshed from the database at every scrape. */
public final class FreeAddressGauges implements Runnable {
    private final NetworkStore store;
    private final AddressUsageQuery usage;
    private final MultiGauge gauge;

    public FreeAddressGauges(NetworkStore store, AddressUsageQuery usage, ServerMetrics metrics) {
        this.store = store;
        this.usage = usage;
        this.gauge = MultiGauge.builder("xenvlan.network.free.addresses").description("addresses that can be handed out now")
                .register(metrics.registry());
        metrics.beforeScrape(this);
    }

    @Override
    public void run() {
        Map<Long, AddressUsage> byNetwork = usage.all();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Network n : store.networks()) {
            AddressUsage u = byNetwork.get(n.id());
            if (u != null) {
                rows.add(MultiGauge.Row.of(Tags.of("network", n.label().value(), "vlan", Integer.toString(n.vlan().value())), u.free()));
            }
        }
        gauge.register(rows, true);
    }
}
