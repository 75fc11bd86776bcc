package io.xenvlan.server;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.DhcpReadiness;
import io.xenvlan.core.hypervisor.HypervisorNetworking;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.api.HealthCheck;
import io.xenvlan.server.auth.Authenticator;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.compute.ComputeServices;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.compute.PoolSecrets;
import io.xenvlan.server.compute.VifListing;
import io.xenvlan.server.metrics.AddressUsageQuery;
import io.xenvlan.server.metrics.MeteredHypervisor;
import io.xenvlan.server.metrics.FreeAddressGauges;
import io.xenvlan.server.metrics.MeteredNetworkStore;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.compute.PoolClients;
import io.xenvlan.xenapi.compute.XenApiHypervisorNetworking;
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
        MeteredNetworkStore metered = new MeteredNetworkStore(store, metrics);
        VlanManager manager = new VlanManager(metered, clock, VlanManagerConfig.defaults());
        ComputeServices compute = compute(store, manager, metrics, clock, poolSecrets, closing, dhcpReadiness(store, dhcpWait));
        AddressUsageQuery usage = new AddressUsageQuery(store.dataSource());
        new FreeAddressGauges(store, usage, metrics);
        Authenticator authenticator = new Authenticator(tokens(store, clock), clock, TOKEN_CACHE);
        NetworkHandover handover = new NetworkHandover(store);
        return new ApiServices(manager, authenticator, metrics, usage, HealthCheck.database(store.dataSource()), handover::handOver, compute,
                store);
    }

    /** The compute side over the store: pools (every XenAPI request metered), the metered driver, attachments, the VIF listing, the audit. */
    public static ComputeServices compute(JdbcStore store, VlanManager manager, ServerMetrics metrics, Clock clock, Path poolSecrets,
                                          List<AutoCloseable> closing) {
        return compute(store, manager, metrics, clock, poolSecrets, closing, DhcpReadiness.NONE);
    }

    /** Zero: attach does not wait; else it waits up to {@code dhcpWait} for the serving node's confirmation. */
    static DhcpReadiness dhcpReadiness(JdbcStore store, Duration dhcpWait) {
        return dhcpWait.isZero() ? DhcpReadiness.NONE : DhcpReadiness.confirmedBy(store, PublicationWait.polling(store), dhcpWait);
    }

    static ComputeServices compute(JdbcStore store, VlanManager manager, ServerMetrics metrics, Clock clock, Path poolSecrets,
                                   List<AutoCloseable> closing, DhcpReadiness dhcp) {
        JdbcPoolStore pools = JdbcPoolStore.on(store, clock);
        PoolClients clients = new PoolClients(pools, metrics::xenApiCall);
        closing.add(clients);
        ExecutorService eventLoops = Executors.newCachedThreadPool(DaemonThreads.named("xenvlan-pool-events"));
        closing.add(eventLoops::shutdownNow);
        XenApiHypervisorNetworking driver = new XenApiHypervisorNetworking(pools, clients, eventLoops);
        closing.add(driver);
        HypervisorNetworking hypervisor = new MeteredHypervisor(driver, metrics);
        return new ComputeServices(pools, new VifAttachments(manager, hypervisor, pools, dhcp),
                pool -> clients.client(pool).hosts().getAllRecords().values().stream().map(HostRecord::nameLabel).sorted().toList(),
                new VifListing(store.dataSource()), new PoolSecrets(poolSecrets), new ComputeAudit(store, pools, hypervisor));
    }


    public static TokenStore tokens(JdbcStore store, Clock clock) {
        return new TokenStore(store.dataSource(), clock, new SecureRandom());
    }
}
