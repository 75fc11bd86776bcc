package io.xenvlan.server;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.hypervisor.AttachFloating;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.api.HealthCheck;
import io.xenvlan.server.auth.Authenticator;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.metrics.AddressUsageQuery;
import io.xenvlan.server.metrics.FloatingGauges;
import io.xenvlan.server.metrics.FreeAddressGauges;
import io.xenvlan.server.metrics.MeteredNetworkStore;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.NetworkHandover;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** Builds the API's services over one open store: the metered VLAN manager, tokens, metrics, usage, health, the compute side. */
public final class ServiceWiring {
    /** How long an API process trusts a token it has checked (revocations take effect within this). */
    static final Duration TOKEN_CACHE = Duration.ofSeconds(5);

    private ServiceWiring() {}

    /** The API's services with pool secrets under the default state directory's {@code pool-secrets}, leaving the pools' sessions open. */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock) {
        return api(store, metrics, clock, StateDirs.defaultDir().resolve("pool-secrets"), new Closer("api"));
    }

    /**
     * The API's services; pools registered through the API read passwords only from files under
     * {@code poolSecrets} (or XENVLAN_POOL_* variables); the compute side (XenAPI sessions, event
     * loops) is added to {@code closing}, to stop at shutdown.
     */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock, Path poolSecrets, Closer closing) {
        return api(store, metrics, clock, poolSecrets, closing, Duration.ZERO);
    }

    /** As above; with a positive {@code dhcpWait}, {@code vif attach} creates the VIF only once the network node serves its DHCP entry. */
    static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock, Path poolSecrets, Closer closing,
                                  Duration dhcpWait) {
        return api(store, metrics, clock, poolSecrets, closing, dhcpWait, FloatingConfig.defaults());
    }

    /** As above, with the floating IP quota and auto-assignment of {@code floatingConfig}. */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock, Path poolSecrets, Closer closing,
                                  Duration dhcpWait, FloatingConfig floatingConfig) {
        VlanManager manager = manager(store, metrics, clock);
        FloatingIps floating = floating(store, clock, floatingConfig);
        ComputeSide compute = closing.add(ComputeSide.on(store, manager, metrics).clock(clock).poolSecrets(poolSecrets)
                .dhcpWait(dhcpWait).floating(attachFloating(floating)).start());
        AddressUsageQuery usage = new AddressUsageQuery(store.dataSource());
        new FreeAddressGauges(store, usage, metrics);
        Authenticator authenticator = new Authenticator(tokens(store, clock), clock, TOKEN_CACHE);
        NetworkHandover handover = new NetworkHandover(store);
        new FloatingGauges(floating, metrics);
        return new ApiServices(manager, authenticator, metrics, usage, HealthCheck.database(store.dataSource()), handover::handOver,
                compute.services(), store, floating);
    }

    /** The VLAN manager over the store, every store call metered. */
    public static VlanManager manager(JdbcStore store, ServerMetrics metrics, Clock clock) {
        return new VlanManager(new MeteredNetworkStore(store, metrics), clock, VlanManagerConfig.defaults());
    }

    /** The floating IP use case over the store. */
    public static FloatingIps floating(JdbcStore store, Clock clock, FloatingConfig config) {
        return new FloatingIps(JdbcFloatingStore.on(store, clock), store, config);
    }

    /** Every attach on an auto-floating network also gets a floating IP of {@code floating}. */
    public static AttachFloating attachFloating(FloatingIps floating) {
        return allocation -> floating.autoAssign(allocation).map(FloatingIp::address);
    }

    public static TokenStore tokens(JdbcStore store, Clock clock) {
        return new TokenStore(store.dataSource(), clock, new SecureRandom());
    }
}
