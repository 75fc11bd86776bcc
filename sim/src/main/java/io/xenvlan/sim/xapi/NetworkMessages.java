package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** network.create (server-chosen xapiN bridges) and network.destroy. */
final class NetworkMessages {
    private static final List<String> RESERVED_PREFIXES = List.of("xen", "xapi", "vif", "tap", "eth");

    private NetworkMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.call("network.create", List.of("args"), (ctx, a) ->
                create(ctx.pool(), a.struct(0)).ref()));
        table.accept(Message.call("network.destroy", List.of("self"), (ctx, a) -> {
            destroy(ctx.pool(), a.ref(0, Schema.NETWORK, ctx.db()));
            return "";
        }));
    }

    static XObject create(SimPool pool, Map<String, Object> args) {
        Map<String, Object> values = CreateRecord.read(Schema.NETWORK, args);
        if ((Long) values.get("MTU") <= 0) {
            values.put("MTU", 1500L);
        }
        values.put("bridge", bridge(pool.db(), (String) values.get("bridge")));
        return pool.db().create(Schema.NETWORK, values);
    }

    private static String bridge(Database db, String requested) {
        Set<String> inUse = db.all(Schema.NETWORK).stream().map(n -> n.str("bridge")).collect(Collectors.toSet());
        if (requested.isEmpty()) {
            int n = 0;
            while (inUse.contains("xapi" + n)) {
                n++;
            }
            return "xapi" + n;
        }
        if (requested.length() > 15 || RESERVED_PREFIXES.stream().anyMatch(requested::startsWith)) {
            throw XenApiFailure.of("INVALID_VALUE", "bridge", requested);
        }
        if (inUse.contains(requested)) {
            throw XenApiFailure.of("BRIDGE_NAME_EXISTS", requested);
        }
        return requested;
    }

    static void destroy(SimPool pool, XObject network) {
        Database db = pool.db();
        List<XObject> vifs = pool.refsOf(network, "VIFs", Schema.VIF);
        List<String> attached = vifs.stream().filter(v -> v.bool("currently_attached")).map(XObject::ref).toList();
        if (!attached.isEmpty()) {
            throw new XenApiFailure("NETWORK_CONTAINS_VIF", attached);
        }
        if (!network.refs("PIFs").isEmpty()) {
            throw new XenApiFailure("NETWORK_CONTAINS_PIF", network.refs("PIFs"));
        }
        vifs.forEach(db::destroy);
        db.destroy(network);
    }
}
