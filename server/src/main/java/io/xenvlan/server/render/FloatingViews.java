package io.xenvlan.server.render;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingAssociation;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import java.util.List;
import java.util.Optional;

/** The views (JSON shapes) and table rows of floating pools, floating IPs and ingress rules; the API answers the same. */
public final class FloatingViews {
    private FloatingViews() {}

    public static FloatingPoolView pool(PoolUsage u) {
        return new FloatingPoolView(u.pool().name().value(), u.pool().range().toString(), u.pool().iface().map(Object::toString).orElse(null),
                u.pool().usable(), u.allocated(), u.associated(), u.free());
    }

    public static List<FloatingPoolView> pools(List<PoolUsage> pools) {
        return pools.stream().map(FloatingViews::pool).toList();
    }

    public static Table poolTable(List<FloatingPoolView> pools) {
        Table t = new Table("POOL", "RANGE", "INTERFACE", "USABLE", "ALLOCATED", "ASSOCIATED", "FREE");
        pools.forEach(p -> t.row(p.pool(), p.range(), p.iface(), p.usable(), p.allocated(), p.associated(), p.free()));
        return t;
    }

    public static FloatingIpView floatingIp(FloatingIp ip) {
        Optional<FloatingAssociation> a = ip.association();
        return new FloatingIpView(ip.address().toString(), ip.pool().value(), ip.project().value(), ip.state(),
                a.map(x -> x.fixedAddress().toString()).orElse(null), a.map(FloatingAssociation::networkId).orElse(null),
                a.flatMap(FloatingAssociation::instance).map(Object::toString).orElse(null), ip.autoAssigned());
    }

    public static List<FloatingIpView> floatingIps(List<FloatingIp> ips) {
        return ips.stream().map(FloatingViews::floatingIp).toList();
    }

    /** The floating IP as associated, with {@code moved_from} (null unless the association moved). */
    public static AssociatedView associated(Associated a) {
        return new AssociatedView(floatingIp(a.floatingIp()), a.movedFrom().map(Object::toString).orElse(null));
    }

    public static Table floatingIpTable(List<FloatingIpView> ips) {
        Table t = new Table("ADDRESS", "POOL", "PROJECT", "STATE", "FIXED ADDRESS", "INSTANCE", "AUTO");
        ips.forEach(ip -> t.row(ip.address(), ip.pool(), ip.project(), ip.state(), ip.fixedAddress(), ip.instance(),
                ip.autoAssigned() ? "yes" : "no"));
        return t;
    }

    public static IngressRuleView rule(IngressRule r) {
        return new IngressRuleView(r.id(), r.project().value(), r.protocol().wireName(), r.ports().map(Object::toString).orElse(null),
                r.from().toString());
    }

    public static List<IngressRuleView> rules(List<IngressRule> rules) {
        return rules.stream().map(FloatingViews::rule).toList();
    }

    public static Table ruleTable(List<IngressRuleView> rules) {
        Table t = new Table("ID", "PROJECT", "PROTOCOL", "PORT", "FROM");
        rules.forEach(r -> t.row(r.id(), r.project(), r.protocol(), r.port(), r.from()));
        return t;
    }
}
