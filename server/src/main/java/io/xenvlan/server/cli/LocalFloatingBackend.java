package io.xenvlan.server.cli;

import io.xenvlan.core.floating.FloatingFilter;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.render.AssociatedView;
import io.xenvlan.server.render.FloatingIpView;
import io.xenvlan.server.render.FloatingPoolView;
import io.xenvlan.server.render.FloatingViews;
import io.xenvlan.server.render.IngressRuleView;
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
    public FloatingPoolView createPool(String pool, String range, Optional<String> iface) {
        return FloatingViews.pool(floating.createPool(FloatingPool.parse(pool, range, iface)));
    }

    @Override
    public List<FloatingPoolView> pools() {
        return FloatingViews.pools(floating.pools());
    }

    @Override
    public FloatingPoolView deletePool(String pool) {
        return FloatingViews.pool(new PoolUsage(floating.deletePool(FloatingPoolName.of(pool)), 0, 0));
    }

    @Override
    public FloatingIpView allocate(String project, Optional<String> pool) {
        return FloatingViews.floatingIp(floating.allocate(ProjectId.of(project), pool.map(FloatingPoolName::of)));
    }

    @Override
    public List<FloatingIpView> list(Optional<String> pool, Optional<String> project) {
        return FloatingViews.floatingIps(floating.list(new FloatingFilter(pool.map(FloatingPoolName::of), project.map(ProjectId::of))));
    }

    @Override
    public AssociatedView associate(String address, Optional<String> vm, Optional<String> fixedAddress) {
        return FloatingViews.associated(floating.associate(Ipv4Address.parse("address", address), FloatingIps.target(vm, fixedAddress)));
    }

    @Override
    public FloatingIpView disassociate(String address) {
        return FloatingViews.floatingIp(floating.disassociate(Ipv4Address.parse("address", address)));
    }

    @Override
    public FloatingIpView release(String address) {
        return FloatingViews.floatingIp(floating.release(Ipv4Address.parse("address", address)));
    }

    @Override
    public IngressRuleView addRule(String project, String protocol, Optional<String> port, Optional<String> from) {
        return FloatingViews.rule(floating.addRule(IngressRule.parse(project, protocol, port, from)));
    }

    @Override
    public List<IngressRuleView> rules(Optional<String> project) {
        return FloatingViews.rules(floating.rules(project.map(ProjectId::of)));
    }

    @Override
    public IngressRuleView deleteRule(long id) {
        return FloatingViews.rule(floating.deleteRule(id));
    }

    @Override
    public void close() {
        store.close();
    }
}
