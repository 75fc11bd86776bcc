package io.xenvlan.server.render;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingAssociation;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON shapes (snake_case maps) and table rows of floating pools, floating IPs and ingress rules; the API answers the same. */
public final class FloatingViews {
    private FloatingViews() {}

    public static Map<String, Object> pool(PoolUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pool", u.pool().name().value());
        m.put("range", u.pool().range().toString());
        m.put("interface", u.pool().iface().map(Object::toString).orElse(null));
        m.put("usable", u.pool().usable());
        m.put("allocated", u.allocated());
        m.put("associated", u.associated());
        m.put("free", u.free());
        return m;
    }

    public static Table poolTable(List<PoolUsage> pools) {
        Table t = new Table("POOL", "RANGE", "INTERFACE", "USABLE", "ALLOCATED", "ASSOCIATED", "FREE");
        pools.forEach(u -> t.row(u.pool().name(), u.pool().range(), u.pool().iface().orElse(null), u.pool().usable(), u.allocated(),
                u.associated(), u.free()));
        return t;
    }

    public static Map<String, Object> floatingIp(FloatingIp ip) {
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<FloatingAssociation> a = ip.association();
        m.put("address", ip.address().toString());
        m.put("pool", ip.pool().value());
        m.put("project", ip.project().value());
        m.put("state", ip.state());
        m.put("fixed_address", a.map(x -> x.fixedAddress().toString()).orElse(null));
        m.put("network_id", a.map(FloatingAssociation::networkId).orElse(null));
        m.put("instance", a.flatMap(FloatingAssociation::instance).map(Object::toString).orElse(null));
        m.put("auto_assigned", ip.autoAssigned());
        return m;
    }

    /** The floating IP as associated, with {@code moved_from} (null unless the association moved). */
    public static Map<String, Object> associated(Associated a) {
        Map<String, Object> m = floatingIp(a.floatingIp());
        m.put("moved_from", a.movedFrom().map(Object::toString).orElse(null));
        return m;
    }

    public static Table floatingIpTable(List<FloatingIp> ips) {
        Table t = new Table("ADDRESS", "POOL", "PROJECT", "STATE", "FIXED ADDRESS", "INSTANCE", "AUTO");
        ips.forEach(ip -> t.row(ip.address(), ip.pool(), ip.project(), ip.state(),
                ip.association().map(FloatingAssociation::fixedAddress).orElse(null),
                ip.association().flatMap(FloatingAssociation::instance).orElse(null), ip.autoAssigned() ? "yes" : "no"));
        return t;
    }

    public static Map<String, Object> rule(IngressRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("project", r.project().value());
        m.put("protocol", r.protocol().wireName());
        m.put("port", r.ports().map(Object::toString).orElse(null));
        m.put("from", r.from().toString());
        return m;
    }

    public static Table ruleTable(List<IngressRule> rules) {
        Table t = new Table("ID", "PROJECT", "PROTOCOL", "PORT", "FROM");
        rules.forEach(r -> t.row(r.id(), r.project(), r.protocol().wireName(), r.ports().orElse(null), r.from()));
        return t;
    }
}
