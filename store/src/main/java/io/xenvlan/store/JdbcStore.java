package io.xenvlan.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.Handoff;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.netnode.LeaseRenewal;
import io.xenvlan.core.netnode.LeasedNetworks;
import io.xenvlan.core.netnode.NodeChanges;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.netnode.PublicationState;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.port.AllocationRequest;
import io.xenvlan.core.port.NetworkCarver;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.core.port.NetworkStore;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The JDBC store on H2 or PostgreSQL: implements the VLAN manager's {@link NetworkStore} and the
 * network node's {@link NetworkNodeStore}. {@link #open} migrates the schema (Flyway, every
 * {@code db/migration} location on the class path; skipped when {@link SchemaCheck} finds it current) and
 * pools connections (HikariCP).
 */
public final class JdbcStore implements NetworkStore, NetworkNodeStore, AutoCloseable {
    private final HikariDataSource dataSource;
    private final Transactions tx;
    private final NetworkStatements networks;
    private final AllocationStatements allocations;
    private final ReleaseStatements releases;
    private final AddressQueries queries;
    private final NodeStatements node;
    private final LeaseStatements leases;
    private final Dialect dialect;
    private volatile Runnable afterClose = () -> { };

    private JdbcStore(HikariDataSource dataSource, Dialect dialect, Clock clock) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        Transactions tx = new Transactions(dataSource, dialect);
        this.tx = tx;
        AddressBook book = new AddressBook();
        this.networks = new NetworkStatements(tx, clock, book);
        this.allocations = new AllocationStatements(tx, networks, book);
        this.releases = new ReleaseStatements(tx, book);
        this.queries = new AddressQueries(tx);
        this.node = new NodeStatements(tx, book);
        this.leases = new LeaseStatements(tx);
    }

    /**
     * Opens (and migrates) the database.
     * @throws io.xenvlan.core.error.BackendFailureException when it cannot be reached or migrated
     */
    public static JdbcStore open(StoreConfig config) {
        return open(config, Clock.systemUTC());
    }

    /** As {@link #open(StoreConfig)}, with the clock stamped on created rows. */
    static JdbcStore open(StoreConfig config, Clock clock) {
        Dialect dialect = Dialect.of(config.url());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName("xenvlan-store");
        hikari.setAutoCommit(true);
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new io.xenvlan.core.error.BackendFailureException("database", "connect", List.of(config.describe()),
                    "database: cannot open " + config.describe() + ": " + rootMessage(e), e);
        }
        try {
            if (!SchemaCheck.isCurrent(dataSource, migrationClassLoader())) {
                migrate(config);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            throw new io.xenvlan.core.error.BackendFailureException("database", "migrate", List.of(config.describe()),
                    "database: cannot migrate " + config.describe() + ": " + rootMessage(e), e);
        }
        return new JdbcStore(dataSource, dialect, clock);
    }

    // Flyway opens its own connections: it needs two at once, more than a pool of one has.
    private static void migrate(StoreConfig config) {
        Flyway.configure(migrationClassLoader()).dataSource(config.url(), config.user().orElse(null), config.password().orElse(null))
                .locations("classpath:" + SchemaCheck.LOCATION).load().migrate();
    }

    /** Where Flyway and {@link SchemaCheck} look for migrations: the thread's context class loader, as Flyway's default. */
    private static ClassLoader migrationClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : JdbcStore.class.getClassLoader();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /**
     * Whether this process is the only one that can use the database: an H2 database in a file or in
     * memory, opened in this process (H2 locks a file for one process, the state directory's store
     * is opened by one process at a time, and H2's auto-server is refused). Never for PostgreSQL, an
     * H2 server reached over TCP, or a file opened without H2's file lock.
     */
    public boolean soleUser() {
        String url = dataSource.getJdbcUrl().toUpperCase(java.util.Locale.ROOT);
        return url.startsWith("JDBC:H2:") && !url.startsWith("JDBC:H2:TCP:") && !url.startsWith("JDBC:H2:SSL:")
                && !url.contains(";AUTO_SERVER=TRUE") && !url.contains(";FILE_LOCK=NO");
    }

    /**
     * This store's transactions: a store of other tables whose writes stamp changes (the pool store's
     * releases, the floating and guest stores) must share their H2 change lock.
     */
    Transactions transactions() {
        return tx;
    }

    /** Releases, for the pool store's VIFs. */
    ReleaseStatements releases() {
        return releases;
    }

    /** Runs {@code action} once the database is closed (the embedded store's lock is let go then). */
    JdbcStore releasingOnClose(Runnable action) {
        this.afterClose = action;
        return this;
    }

    /** The pooled connections, for modules that keep their own tables in this database. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public List<Network> createNetworks(NetworkCarver carver) {
        return networks.create(carver);
    }

    /** The floating store's {@link JdbcFloatingStore#createAutoFloatingNetworks}: networks and their auto-floating mark in one transaction. */
    List<Network> createNetworks(NetworkCarver carver, boolean autoFloating) {
        return networks.create(carver, autoFloating);
    }

    @Override
    public List<Network> networks() {
        return networks.all();
    }

    @Override
    public Optional<Network> network(long id) {
        return networks.find(id);
    }

    @Override
    public Optional<Network> networkOf(ProjectId project) {
        return networks.ofProject(project);
    }

    @Override
    public void deleteNetwork(long id) {
        networks.delete(id);
    }

    @Override
    public Network associate(ProjectId project, Optional<Long> networkId) {
        return networks.associate(project, networkId);
    }

    @Override
    public Network disassociate(ProjectId project) {
        return networks.disassociate(project);
    }

    @Override
    public Allocation allocate(AllocationRequest request) {
        return allocations.allocate(request);
    }

    @Override
    public FixedIp release(Ipv4Address address, Instant now) {
        return releases.release(address, now);
    }

    @Override
    public List<FixedIp> releaseInstance(InstanceId instance, Instant now) {
        return releases.releaseInstance(instance, now);
    }

    @Override
    public List<FixedIp> addresses(AddressFilter filter) {
        return queries.addresses(filter);
    }

    @Override
    public int reclaimStale(Instant staleBefore) {
        return releases.reclaimStale(staleBefore);
    }

    @Override
    public List<Network> claimNetworks(String nodeName) {
        return node.claimNetworks(nodeName);
    }

    @Override
    public List<Network> claimNetworks(String nodeName, int max) {
        return node.claimNetworks(nodeName, max);
    }

    @Override
    public List<Long> unclaimedNetworks() {
        return node.unclaimedNetworks();
    }

    @Override
    public List<HostEntry> hostEntries(long networkId) {
        return node.hostEntries(networkId);
    }

    @Override
    public Map<Long, List<HostEntry>> hostEntries(Collection<Long> networkIds) {
        return node.hostEntries(networkIds);
    }

    @Override
    public Map<Long, List<ActiveLease>> activeLeases(Collection<Long> networkIds) {
        return node.activeLeases(networkIds);
    }

    @Override
    public NodeChanges changes(Map<Long, Long> since) {
        return node.changes(since);
    }

    @Override
    public List<ActiveLease> activeLeases(long networkId) {
        return node.activeLeases(networkId);
    }

    @Override
    public long changeSequence() {
        return node.changeSequence();
    }

    @Override
    public void recordLeaseEvent(LeaseEvent event) {
        node.recordLeaseEvent(event);
    }

    @Override
    public void recordLeaseEvents(List<LeaseEvent> events) {
        node.recordLeaseEvents(events);
    }

    @Override
    public void markPublished(long networkId, long sequence) {
        node.markPublished(networkId, sequence);
    }

    @Override
    public void markPublished(Map<Long, Long> sequences) {
        node.markPublished(sequences);
    }

    @Override
    public long publishedSequence(long networkId) {
        return node.publishedSequence(networkId);
    }

    @Override
    public LeaseRenewal renewLease(String nodeName, Duration ttl, int max) {
        return leases.renew(nodeName, ttl, max);
    }

    @Override
    public LeasedNetworks claimLeased(String nodeName, int max) {
        return leases.claim(nodeName, max);
    }

    @Override
    public void endLease(String nodeName) {
        leases.end(nodeName);
    }

    @Override
    public void holdLeaseAway(String nodeName, Duration grace) {
        leases.holdAway(nodeName, grace);
    }

    @Override
    public void releaseNetworks(String nodeName, Collection<Long> networkIds) {
        leases.release(nodeName, networkIds);
    }

    @Override
    public List<Handoff> surplus(String nodeName, int limit) {
        return leases.surplus(nodeName, limit);
    }

    @Override
    public List<Long> handOff(String nodeName, List<Handoff> handoffs) {
        return leases.handOff(nodeName, handoffs);
    }

    @Override
    public List<NodeStatus> nodes() {
        return leases.nodes();
    }

    @Override
    public boolean drainNode(String nodeName, boolean draining) {
        return leases.drain(nodeName, draining);
    }

    @Override
    public void markRefused(Map<Long, String> refusals) {
        node.markRefused(refusals);
    }

    @Override
    public void clearRefused(Collection<Long> networkIds) {
        node.clearRefused(networkIds);
    }

    @Override
    public PublicationState publicationState(long networkId) {
        return node.publicationState(networkId);
    }

    /**
     * On PostgreSQL, a connection of its own LISTENs for the notifications every committed change
     * sends (any process); on H2, this process's own committed writes tell the listener.
     */
    @Override
    public AutoCloseable onChange(Runnable listener) {
        if (dialect == Dialect.POSTGRES) {
            return new PgChangeListener(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword(), listener);
        }
        return tx.afterWrites(listener);
    }

    @Override
    public void close() {
        if (dataSource.isClosed()) {
            return;
        }
        try {
            dataSource.close();
        } finally {
            afterClose.run();
        }
    }
}
