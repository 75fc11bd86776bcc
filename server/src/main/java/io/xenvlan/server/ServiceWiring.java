package io.xenvlan.server;

import io.xenvlan.core.hypervisor.AttachFloating;
import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.DhcpReadiness;
import io.xenvlan.core.hypervisor.HypervisorNetworking;
import io.xenvlan.core.hypervisor.PoolRegistration;
import io.xenvlan.core.hypervisor.OperationTiming;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.api.HealthCheck;
import io.xenvlan.server.auth.Authenticator;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.compute.ComputeServices;
import io.xenvlan.server.compute.GuestProfiles;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.compute.PoolSecrets;
import io.xenvlan.server.compute.VifListing;
import io.xenvlan.server.metrics.AddressUsageQuery;
import io.xenvlan.server.metrics.MeteredHypervisor;
import io.xenvlan.server.metrics.FloatingGauges;
import io.xenvlan.server.metrics.FreeAddressGauges;
import io.xenvlan.server.metrics.MeteredNetworkStore;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.store.JdbcGuestStore;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.xenapi.compute.PoolClients;
import io.xenvlan.xenapi.compute.PoolLogin;
import io.xenvlan.xenapi.compute.XenApiHypervisorNetworking;
import io.xenvlan.xenapi.compute.XenApiPoolMachines;
import io.xenvlan.store.NetworkHandover;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the API's services over one open store: the metered VLAN manager, tokens, metrics, usage, health. */
public final class ServiceWiring {
    /** How long an API process trusts a token it has checked (revocations take effect within this). */
    public static final Duration TOKEN_CACHE = Duration.ofSeconds(5);

    private ServiceWiring() {}

    /** The API's services with pool secrets under the default state directory's {@code pool-secrets}, leaving the pools' sessions open. */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock) {
        return api(store, metrics, clock, StateDirs.defaultDir().resolve("pool-secrets"), new ArrayList<>());
    }

    /**
     * The API's services; pools registered through the API read passwords only from files under
     * {@code poolSecrets} (or XENVLAN_POOL_* variables); what must be closed at shutdown (XenAPI
     * sessions, event loops) is added to {@code closing}.
     */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock, Path poolSecrets, List<AutoCloseable> closing) {
        return api(store, metrics, clock, poolSecrets, closing, Duration.ZERO);
    }

    /** As above; with a positive {@code dhcpWait}, {@code vif attach} creates the VIF only once the network node serves its DHCP entry. */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock, Path poolSecrets, List<AutoCloseable> closing,
                                  Duration dhcpWait) {
        return api(store, metrics, clock, poolSecrets, closing, dhcpWait, FloatingConfig.defaults());
    }

    /** As above, with the floating IP quota and auto-assignment of {@code floatingConfig}. */
    public static ApiServices api(JdbcStore store, ServerMetrics metrics, Clock clock, Path poolSecrets, List<AutoCloseable> closing,
                                  Duration dhcpWait, FloatingConfig floatingConfig) {
        MeteredNetworkStore metered = new MeteredNetworkStore(store, metrics);
        VlanManager manager = new VlanManager(metered, clock, VlanManagerConfig.defaults());
        FloatingIps floating = floating(store, clock, floatingConfig);
        ComputeServices compute = compute(store, manager, metrics, clock, poolSecrets, closing, dhcpReadiness(store, dhcpWait),
                attachFloating(floating));
        AddressUsageQuery usage = new AddressUsageQuery(store.dataSource());
        new FreeAddressGauges(store, usage, metrics);
        Authenticator authenticator = new Authenticator(tokens(store, clock), clock, TOKEN_CACHE);
        NetworkHandover handover = new NetworkHandover(store);
        new FloatingGauges(floating, metrics);
        return new ApiServices(manager, authenticator, metrics, usage, HealthCheck.database(store.dataSource()), handover::handOver, compute,
                store, floating);
    }

    /** The floating IP use case over the store. */
    public static FloatingIps floating(JdbcStore store, Clock clock, FloatingConfig config) {
        return new FloatingIps(JdbcFloatingStore.on(store, clock), store, config);
    }

    /** Every attach on an auto-floating network also gets a floating IP of {@code floating}. */
    public static AttachFloating attachFloating(FloatingIps floating) {
        return allocation -> floating.autoAssign(allocation).map(FloatingIp::address);
    }

    /** The compute side over the store: pools (every XenAPI request metered), the metered driver, attachments, the VIF listing, the audit. */
    public static ComputeServices compute(JdbcStore store, VlanManager manager, ServerMetrics metrics, Clock clock, Path poolSecrets,
                                          List<AutoCloseable> closing) {
        return compute(store, manager, metrics, clock, poolSecrets, closing, DhcpReadiness.NONE, AttachFloating.NONE);
    }

    /** As above; attaches on auto-floating networks get a floating IP through {@code floating}. */
    public static ComputeServices compute(JdbcStore store, VlanManager manager, ServerMetrics metrics, Clock clock, Path poolSecrets,
                                          List<AutoCloseable> closing, AttachFloating floating) {
        return compute(store, manager, metrics, clock, poolSecrets, closing, DhcpReadiness.NONE, floating);
    }

    /** Zero: attach does not wait; else it waits up to {@code dhcpWait} for the serving node's confirmation. */
    static DhcpReadiness dhcpReadiness(JdbcStore store, Duration dhcpWait) {
        return dhcpWait.isZero() ? DhcpReadiness.NONE : DhcpReadiness.confirmedBy(store, PublicationWait.polling(store), dhcpWait);
    }

    static ComputeServices compute(JdbcStore store, VlanManager manager, ServerMetrics metrics, Clock clock, Path poolSecrets,
                                   List<AutoCloseable> closing, DhcpReadiness dhcp, AttachFloating floating) {
        JdbcPoolStore pools = JdbcPoolStore.on(store, clock);
        PoolClients clients = new PoolClients(pools, metrics::xenApiCall);
        closing.add(clients);
        ExecutorService eventLoops = Executors.newCachedThreadPool(DaemonThreads.named("xenvlan-pool-events"));
        closing.add(eventLoops::shutdownNow);
        XenApiHypervisorNetworking driver = new XenApiHypervisorNetworking(pools, clients, eventLoops);
        closing.add(driver);
        HypervisorNetworking hypervisor = new MeteredHypervisor(driver, metrics);
        VifAttachments attachments = new VifAttachments(manager, hypervisor, pools, dhcp, floating, Worker.forThisProcess(),
                OperationTiming.defaults(), Clock.systemUTC());
        if (store.soleUser()) {
            attachments.takeOtherWorkersForDead(); // this process holds the store: whoever else worked on it is gone
        }
        closing.add(attachments);
        return new ComputeServices(pools, attachments,
                new XenApiPoolMachines(clients),
                new VifListing(store.dataSource()), new PoolSecrets(poolSecrets), new ComputeAudit(store, pools, hypervisor, attachments),
                new GuestProfiles(JdbcGuestStore.on(store, clock)), new PoolRegistration(pools, new PoolLogin(clients)));
    }


    public static TokenStore tokens(JdbcStore store, Clock clock) {
        return new TokenStore(store.dataSource(), clock, new SecureRandom());
    }
}
