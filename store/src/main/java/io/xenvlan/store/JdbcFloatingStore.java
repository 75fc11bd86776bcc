package io.xenvlan.store;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingFilter;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.NodeFloatingState;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.FloatingNodeStore;
import io.xenvlan.core.port.FloatingStore;
import io.xenvlan.core.port.NetworkCarver;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link FloatingStore} and {@link FloatingNodeStore} in the same database as the {@link JdbcStore}
 * (tables from V36). Releasing a fixed address there releases its auto-assigned floating IP and
 * disassociates any other, in the releasing transaction.
 */
public final class JdbcFloatingStore implements FloatingStore, FloatingNodeStore {
    private final FloatingPoolStatements pools;
    private final FloatingIpStatements ips;
    private final FloatingRuleStatements rules;
    private final FloatingAutoNetworks autoNetworks;
    private final FloatingNodeQueries node;
    private final JdbcStore networks;

    private JdbcFloatingStore(Transactions tx, Clock clock, JdbcStore networks) {
        this.networks = networks;
        this.pools = new FloatingPoolStatements(tx, clock);
        this.ips = new FloatingIpStatements(tx, clock);
        this.rules = new FloatingRuleStatements(tx, clock);
        this.autoNetworks = new FloatingAutoNetworks(tx);
        this.node = new FloatingNodeQueries(tx);
    }

    /** The floating store living in {@code store}'s database. */
    public static JdbcFloatingStore on(JdbcStore store, Clock clock) {
        String url;
        try (Connection c = store.dataSource().getConnection()) {
            url = c.getMetaData().getURL();
        } catch (SQLException e) {
            throw SqlErrors.failure(e);
        }
        return new JdbcFloatingStore(new Transactions(store.dataSource(), Dialect.of(url)), clock, store);
    }

    @Override
    public PoolUsage createPool(FloatingPool pool) {
        return pools.create(pool);
    }

    @Override
    public List<PoolUsage> pools() {
        return pools.all();
    }

    @Override
    public FloatingPool deletePool(FloatingPoolName name) {
        return pools.delete(name);
    }

    @Override
    public FloatingIp allocate(ProjectId project, Optional<FloatingPoolName> pool, int quota) {
        return ips.allocate(project, pool, quota);
    }

    @Override
    public FloatingIp allocateAssociated(ProjectId project, Ipv4Address fixed, int quota) {
        return ips.allocateAssociated(project, fixed, quota);
    }

    @Override
    public Optional<FloatingIp> floatingIp(Ipv4Address address) {
        return ips.find(address);
    }

    @Override
    public List<FloatingIp> floatingIps(FloatingFilter filter) {
        return ips.list(filter);
    }

    @Override
    public Associated associate(Ipv4Address floatingIp, Ipv4Address fixed) {
        return ips.associate(floatingIp, fixed);
    }

    @Override
    public FloatingIp disassociate(Ipv4Address floatingIp) {
        return ips.disassociate(floatingIp);
    }

    @Override
    public FloatingIp release(Ipv4Address floatingIp) {
        return ips.release(floatingIp);
    }

    @Override
    public IngressRule addRule(IngressRule rule) {
        return rules.add(rule);
    }

    @Override
    public List<IngressRule> rules(Optional<ProjectId> project) {
        return rules.list(project);
    }

    @Override
    public IngressRule deleteRule(long id) {
        return rules.delete(id);
    }

    @Override
    public List<Network> createAutoFloatingNetworks(NetworkCarver carver) {
        return networks.createNetworks(carver, true);
    }

    @Override
    public void setAutoFloating(Collection<Long> networkIds, boolean auto) {
        autoNetworks.setAutoFloating(networkIds, auto);
    }

    @Override
    public Set<Long> autoFloatingNetworks() {
        return autoNetworks.autoFloatingNetworks();
    }

    @Override
    public long floatingVersion() {
        return node.version();
    }

    @Override
    public NodeFloatingState floatingState(String nodeName) {
        return node.state(nodeName);
    }
}
