package io.xenvlan.server;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.hypervisor.AttachFloating;
import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.DhcpReadiness;
import io.xenvlan.core.hypervisor.OperationTiming;
import io.xenvlan.core.hypervisor.PoolRegistration;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.server.compute.ComputeServices;
import io.xenvlan.server.compute.GuestAttachments;
import io.xenvlan.server.compute.GuestProfiles;
import io.xenvlan.server.compute.PoolSecrets;
import io.xenvlan.server.compute.VifListing;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.metrics.MeteredHypervisor;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcGuestStore;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.xenapi.compute.PoolClients;
import io.xenvlan.xenapi.compute.PoolLogin;
import io.xenvlan.xenapi.compute.XenApiHypervisorNetworking;
import io.xenvlan.xenapi.compute.XenApiPoolMachines;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The compute side, assembled in this one place for everything that runs one (the server, the
 * command line on the store, the demo, the benchmarks): the pools in the store, a XenAPI client
 * per pool (every request metered), the VM event loops, the metered driver, the VIF attachments
 * (with DHCP readiness and floating auto-assignment) and the services the edges use. Closing it
 * stops them in reverse order: attachments, driver, event loops, then the pools' sessions.
 */
public final class ComputeSide implements AutoCloseable {
    private final Closer closer = new Closer("compute side");
    private final HypervisorNetworking hypervisor;
    private final ComputeServices services;

    private ComputeSide(Builder b) {
        try {
            JdbcPoolStore pools = JdbcPoolStore.on(b.store, b.clock);
            PoolClients clients = closer.add(new PoolClients(pools, b.metrics::xenApiCall));
            ExecutorService eventLoops = Executors.newCachedThreadPool(DaemonThreads.named("xenvlan-pool-events"));
            closer.add(eventLoops::shutdownNow);
            XenApiHypervisorNetworking driver = closer.add(new XenApiHypervisorNetworking(pools, clients, eventLoops));
            hypervisor = new MeteredHypervisor(driver, b.metrics);
            VifAttachments attachments = closer.add(new VifAttachments(b.manager, hypervisor, pools, b.dhcp, b.floating,
                    Worker.forThisProcess(), b.timing, Clock.systemUTC()));
            if (b.store.soleUser()) {
                attachments.takeOtherWorkersForDead(); // this process holds the store: whoever else worked on it is gone
            }
            services = new ComputeServices(pools, attachments, new XenApiPoolMachines(clients), new VifListing(b.store.dataSource()),
                    new PoolSecrets(b.poolSecrets), new ComputeAudit(b.store, pools, hypervisor, attachments),
                    new GuestProfiles(JdbcGuestStore.on(b.store, b.clock)), new PoolRegistration(pools, new PoolLogin(clients)));
        } catch (RuntimeException e) {
            closer.close();
            throw e;
        }
    }

    /** A compute side over {@code store} for {@code manager}, metered into {@code metrics}; the builder's defaults are the product's. */
    public static Builder on(JdbcStore store, VlanManager manager, ServerMetrics metrics) {
        return new Builder(store, manager, metrics);
    }

    /** Pools, attachments, machines, VIF listing, secrets, audit, guests, registration. */
    public ComputeServices services() {
        return services;
    }

    /** Attach and detach with the guest's profile, as every edge uses them. */
    public GuestAttachments guestAttachments() {
        return services.guestAttachments();
    }

    /** The metered driver the attachments use (a benchmark drives it directly). */
    public HypervisorNetworking hypervisor() {
        return hypervisor;
    }

    @Override
    public void close() {
        closer.close();
    }

    /** The settings of a compute side; each left out is the product's default. */
    public static final class Builder {
        private final JdbcStore store;
        private final VlanManager manager;
        private final ServerMetrics metrics;
        private Path poolSecrets = StateDirs.defaultDir().resolve("pool-secrets");
        private DhcpReadiness dhcp = DhcpReadiness.NONE;
        private AttachFloating floating = AttachFloating.NONE;
        private OperationTiming timing = OperationTiming.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder(JdbcStore store, VlanManager manager, ServerMetrics metrics) {
            this.store = store;
            this.manager = manager;
            this.metrics = metrics;
        }

        /** Where pools registered through the API may keep their password files (default: the default state directory's). */
        public Builder poolSecrets(Path dir) {
            this.poolSecrets = dir;
            return this;
        }

        /** Zero (the default): attach does not wait; else it waits up to {@code wait} for the serving node's confirmation. */
        public Builder dhcpWait(Duration wait) {
            this.dhcp = wait.isZero() ? DhcpReadiness.NONE : DhcpReadiness.confirmedBy(store, PublicationWait.polling(store), wait);
            return this;
        }

        /** Attaches on auto-floating networks also get a floating IP through {@code floating}. */
        public Builder floating(AttachFloating floating) {
            this.floating = floating;
            return this;
        }

        /** How long claims and heartbeats last (the default: the product's). */
        public Builder timing(OperationTiming timing) {
            this.timing = timing;
            return this;
        }

        /** The clock of the pools' and guests' records. */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Builds it; what must be closed is closed by {@link ComputeSide#close()} (also when building fails). */
        public ComputeSide start() {
            return new ComputeSide(this);
        }
    }
}
