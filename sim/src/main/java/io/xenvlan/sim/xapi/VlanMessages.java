package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * VLAN.create / destroy with xapi's checks in xapi's order, PIF.create_VLAN, and the pool-wide
 * pool.create_VLAN and pool.create_VLAN_from_PIF, which undo what they created on the first
 * error and re-raise it.
 */
final class VlanMessages {
    static final String VLAN_PIF_MAC = "fe:ff:ff:ff:ff:ff";

    private VlanMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.call("VLAN.create", List.of("tagged_PIF", "tag", "network"), (ctx, a) -> {
            XObject pif = a.ref(0, Schema.PIF, ctx.db());
            long tag = a.int64(1);
            XObject network = a.ref(2, Schema.NETWORK, ctx.db());
            return create(ctx.pool(), pif, tag, network).ref();
        }));
        table.accept(Message.call("VLAN.destroy", List.of("self"), (ctx, a) -> {
            destroy(ctx.pool(), a.ref(0, Schema.VLAN, ctx.db()), true);
            return "";
        }));
        table.accept(Message.call("PIF.create_VLAN", List.of("device", "network", "host", "VLAN"), (ctx, a) -> {
            String device = a.string(0);
            XObject network = a.ref(1, Schema.NETWORK, ctx.db());
            XObject host = a.ref(2, Schema.HOST, ctx.db());
            long tag = a.int64(3);
            return untaggedPif(ctx.db(), create(ctx.pool(), physicalPif(ctx.pool(), host, device), tag, network)).ref();
        }));
        table.accept(Message.call("pool.create_VLAN", List.of("device", "network", "VLAN"), (ctx, a) -> {
            String device = a.string(0);
            XObject network = a.ref(1, Schema.NETWORK, ctx.db());
            long tag = a.int64(2);
            return createAll(ctx.pool(), ctx.pool().hosts(), host -> physicalPif(ctx.pool(), host, device), tag, network);
        }));
        table.accept(Message.call("pool.create_VLAN_from_PIF", List.of("pif", "network", "VLAN"), (ctx, a) -> {
            XObject pif = a.ref(0, Schema.PIF, ctx.db());
            XObject network = a.ref(1, Schema.NETWORK, ctx.db());
            long tag = a.int64(2);
            XObject pifNetwork = ctx.db().get(Schema.NETWORK, pif.str("network"));
            List<XObject> pifs = ctx.pool().refsOf(pifNetwork, "PIFs", Schema.PIF).stream()
                    .filter(p -> ctx.pool().live(ctx.db().get(Schema.HOST, p.str("host")))).toList();
            return createAll(ctx.pool(), pifs, p -> p, tag, network);
        }));
    }

    private static <T> List<String> createAll(SimPool pool, List<T> targets,
                                              java.util.function.Function<T, XObject> taggedPif,
                                              long tag, XObject network) {
        List<XObject> created = new ArrayList<>();
        try {
            for (T target : targets) {
                created.add(create(pool, taggedPif.apply(target), tag, network));
            }
        } catch (XenApiFailure e) {
            created.forEach(vlan -> destroy(pool, vlan, false));
            throw e;
        }
        return created.stream().map(v -> untaggedPif(pool.db(), v).ref()).toList();
    }

    /** The host's PIF for {@code device} with VLAN -1, or INVALID_VALUE ["device"; device]. */
    private static XObject physicalPif(SimPool pool, XObject host, String device) {
        return pool.refsOf(host, "PIFs", Schema.PIF).stream()
                .filter(p -> p.str("device").equals(device) && p.int64("VLAN") == -1L)
                .findFirst()
                .orElseThrow(() -> XenApiFailure.of("INVALID_VALUE", "device", device));
    }

    private static XObject untaggedPif(Database db, XObject vlan) {
        return db.get(Schema.PIF, vlan.str("untagged_PIF"));
    }

    static XObject create(SimPool pool, XObject pif, long tag, XObject network) {
        Database db = pool.db();
        XObject host = db.get(Schema.HOST, pif.str("host"));
        if (!network.bool("managed")) {
            throw XenApiFailure.of("NETWORK_UNMANAGED", network.ref());
        }
        for (XObject other : pool.refsOf(network, "PIFs", Schema.PIF)) {
            if (other.str("host").equals(host.ref())) {
                throw XenApiFailure.of("NETWORK_ALREADY_CONNECTED", host.ref(), other.ref());
            }
        }
        if (!pif.bool("managed")) {
            throw XenApiFailure.of("PIF_UNMANAGED", pif.ref());
        }
        if (!pif.str("bond_slave_of").equals(Schema.NULL_REF)) {
            throw XenApiFailure.of("CANNOT_ADD_VLAN_TO_BOND_SLAVE", pif.ref());
        }
        if (pif.int64("VLAN") >= 0) {
            throw XenApiFailure.of("PIF_IS_VLAN", pif.ref());
        }
        if (!pif.refs("tunnel_access_PIF_of").isEmpty()) {
            throw XenApiFailure.of("IS_TUNNEL_ACCESS_PIF", pif.ref());
        }
        if (tag < 0 || tag > 4094) {
            throw XenApiFailure.of("VLAN_TAG_INVALID", tag);
        }
        String device = pif.str("device");
        for (XObject vlan : pool.refsOf(pif, "VLAN_slave_of", Schema.VLAN)) {
            if (vlan.int64("tag") == tag) {
                throw XenApiFailure.of("PIF_VLAN_EXISTS", device);
            }
        }
        if (pool.hasForeignVlan(host, device, tag)) {
            throw XenApiFailure.of("VLAN_IN_USE", device, tag);
        }
        Map<String, Object> pifValues = new LinkedHashMap<>();
        pifValues.put("device", device);
        pifValues.put("host", host.ref());
        pifValues.put("network", network.ref());
        pifValues.put("MAC", VLAN_PIF_MAC);
        pifValues.put("MTU", pif.int64("MTU"));
        pifValues.put("VLAN", tag);
        pifValues.put("physical", false);
        pifValues.put("management", false);
        pifValues.put("managed", true);
        XObject untagged = db.create(Schema.PIF, pifValues);
        XObject vlan = db.create(Schema.VLAN, Map.of("tagged_PIF", pif.ref(), "untagged_PIF", untagged.ref(), "tag", tag));
        db.set(untagged, "VLAN_master_of", vlan.ref());
        try {
            pool.plugPif(untagged);
        } catch (XenApiFailure e) {
            db.destroy(untagged);
            db.destroy(vlan);
            throw e;
        }
        return vlan;
    }

    /** Unplugs and destroys the VLAN PIF and the VLAN; the network stays. */
    static void destroy(SimPool pool, XObject vlan, boolean checkInUse) {
        Database db = pool.db();
        XObject untagged = untaggedPif(db, vlan);
        if (checkInUse) {
            XObject network = db.get(Schema.NETWORK, untagged.str("network"));
            for (XObject vif : pool.refsOf(network, "VIFs", Schema.VIF)) {
                XObject vm = db.get(Schema.VM, vif.str("VM"));
                if (vif.bool("currently_attached") && vm.str("power_state").equals("Running")
                        && vm.str("resident_on").equals(untagged.str("host"))) {
                    throw XenApiFailure.of("VIF_IN_USE", network.ref(), vif.ref());
                }
            }
        }
        pool.unplugPif(untagged);
        db.destroy(untagged);
        db.destroy(vlan);
    }
}
