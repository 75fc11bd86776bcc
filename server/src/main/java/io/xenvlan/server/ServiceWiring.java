package io.xenvlan.server;

import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.api.HealthCheck;
import io.xenvlan.server.auth.Authenticator;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.metrics.AddressUsageQuery;
import io.xenvlan.server.metrics.FreeAddressGauges;
import io.xenvlan.server.metrics.MeteredNetworkStore;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.NetworkHandover;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** Builds the API's services over one open store: the metered VLAN manager, tokens, metrics, usage, health. */
public final class ServiceWiring {
    /** How long an API process trusts a token it has checked (revocations take effect within this). */
    public static final Duration TOKEN_CACHE = Duration.ofSeconds(5);

    private ServiceWiring() {}

    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock) {
        MeteredNetworkStore metered = new MeteredNetworkStore(store, metrics);
        VlanManager manager = new VlanManager(metered, clock, new SecureRandom(), VlanManagerConfig.defaults());
        AddressUsageQuery usage = new AddressUsageQuery(store.dataSource());
        new FreeAddressGauges(store, usage, metrics);
        Authenticator authenticator = new Authenticator(tokens(store, clock), clock, TOKEN_CACHE);
        NetworkHandover handover = new NetworkHandover(store);
        return new ApiServices(manager, authenticator, metrics, usage, HealthCheck.database(store.dataSource()), handover::handOver);
    }

    public static TokenStore tokens(JdbcStore store, Clock clock) {
        return new TokenStore(store.dataSource(), clock, new SecureRandom());
    }
}
