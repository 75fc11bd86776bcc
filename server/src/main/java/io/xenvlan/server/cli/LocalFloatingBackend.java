package io.xenvlan.server.cli;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.store.JdbcStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The floating commands' work done on the store, with the quota a server would apply ({@code XENVLAN_QUOTA_FLOATING_IPS}). */
final class LocalFloatingBackend implements FloatingBackend {
    private final JdbcStore store;
    private final FloatingIps floating;

    LocalFloatingBackend(JdbcStore store) {
        this.store = store;
        this.floating = ServiceWiring.floating(store, Clock.systemUTC(), ConfigLoader.floatingFromEnvironment(System.getenv()));
    }

    @Override
    public PoolUsage createPool(String pool, String range, Optional<String> iface) {
        return floating.createPool(pool, range, iface);
    }

    @Override
    public List<PoolUsage> pools() {
        return floating.pools();
    }

    @Override
    public FloatingPool deletePool(String pool) {
        return floating.deletePool(pool);
    }

    @Override
    public FloatingIp allocate(String project, Optional<String> pool) {
        return floating.allocate(project, pool);
    }

    @Override
    public List<FloatingIp> list(Optional<String> pool, Optional<String> project) {
        return floating.list(pool, project);
    }

    @Override
    public Associated associate(String address, Optional<String> vm, Optional<String> fixedAddress) {
        return floating.associate(address, FloatingIps.target(vm, fixedAddress));
    }

    @Override
    public FloatingIp disassociate(String address) {
        return floating.disassociate(address);
    }

    @Override
    public FloatingIp release(String address) {
        return floating.release(address);
    }

    @Override
    public IngressRule addRule(String project, String protocol, Optional<String> port, Optional<String> from) {
        return floating.addRule(project, protocol, port, from);
    }

    @Override
    public List<IngressRule> rules(Optional<String> project) {
        return floating.rules(project);
    }

    @Override
    public IngressRule deleteRule(long id) {
        return floating.deleteRule(id);
    }

    @Override
    public void close() {
        store.close();
    }
}
