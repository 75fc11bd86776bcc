package io.xenvlan.sim.xapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Creates what a freshly installed pool has: the pool object, hosts with a physical PIF per NIC
 * (VLAN -1, attached; eth0 the management interface) on pool-wide networks {@code xenbrN}
 * named "Pool-wide network N", a control domain per host, and guest VMs (each with a
 * {@code mac_seed} and a VIF on {@code xenbr0}), templates and snapshots. Caller holds the
 * write lock.
 */
final class PoolBuilder {
    private final SimPool pool;
    private final Random random;

    PoolBuilder(SimPool pool, long seed) {
        this.pool = pool;
        this.random = new Random(seed ^ 0x5EEDL);
    }

    void createPool(String name) {
        pool.db().create(Schema.POOL, Map.of("name_label", name));
    }

    /** Adds a host; the first host added becomes the pool master. */
    XObject addHost(String name, String address, List<String> nics) {
        Database db = pool.db();
        XObject poolObject = pool.pool();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name_label", name);
        values.put("hostname", name);
        values.put("address", address);
        values.put("software_version", Map.of("product_brand", "XCP-ng", "product_version", "8.2.1",
                "xapi", "1.20", "platform_name", "XCP", "simulator", "xenvlan-sim"));
        XObject host = db.create(Schema.HOST, values);
        if (poolObject.str("master").equals(Schema.NULL_REF)) {
            db.set(poolObject, "master", host.ref());
        }
        for (int i = 0; i < nics.size(); i++) {
            XObject network = physicalNetwork(i);
            Map<String, Object> pif = new LinkedHashMap<>();
            pif.put("device", nics.get(i));
            pif.put("host", host.ref());
            pif.put("network", network.ref());
            pif.put("MAC", randomMac());
            pif.put("physical", true);
            pif.put("management", i == 0);
            if (i == 0) {
                pif.put("ip_configuration_mode", "Static");
                pif.put("IP", address.contains(":") ? address.substring(0, address.indexOf(':')) : address);
                pif.put("netmask", "255.0.0.0");
            }
            pool.plugPif(db.create(Schema.PIF, pif));
        }
        Map<String, Object> dom0 = new LinkedHashMap<>();
        dom0.put("name_label", "Control domain on host: " + name);
        dom0.put("is_control_domain", true);
        dom0.put("power_state", "Running");
        dom0.put("resident_on", host.ref());
        dom0.put("domid", 0L);
        db.create(Schema.VM, dom0);
        return host;
    }

    /** The pool-wide network for NIC number {@code index}, created on first use. */
    private XObject physicalNetwork(int index) {
        String bridge = "xenbr" + index;
        for (XObject n : pool.db().all(Schema.NETWORK)) {
            if (n.str("bridge").equals(bridge)) {
                return n;
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name_label", "Pool-wide network " + index);
        values.put("bridge", bridge);
        return pool.db().create(Schema.NETWORK, values);
    }

    /** A halted guest VM with a mac_seed and one VIF (device 0) on xenbr0, if that exists. */
    XObject addVm(String name) {
        Database db = pool.db();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name_label", name);
        values.put("other_config", Map.of("mac_seed", db.newUuid()));
        XObject vm = db.create(Schema.VM, values);
        db.all(Schema.NETWORK).stream().filter(n -> n.str("bridge").equals("xenbr0")).findFirst().ifPresent(net -> {
            Map<String, Object> vif = new LinkedHashMap<>();
            vif.put("device", "0");
            vif.put("network", net.ref());
            vif.put("VM", vm.ref());
            vif.put("MAC", "");
            vif.put("MTU", net.int64("MTU"));
            vif.put("other_config", Map.of());
            vif.put("qos_algorithm_type", "");
            vif.put("qos_algorithm_params", Map.of());
            VifMessages.create(pool, vif);
        });
        return vm;
    }

    /** A halted template as a fresh install has them: is_a_template, other_config:default_template. */
    XObject addTemplate(String name) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name_label", name);
        values.put("is_a_template", true);
        values.put("other_config", Map.of("default_template", "true"));
        return pool.db().create(Schema.VM, values);
    }

    /**
     * What VM.snapshot leaves: a halted VM record that is a template and a snapshot of
     * {@code vm}, with a copy of each of its VIFs (same device, network and MAC, not attached).
     */
    XObject snapshot(XObject vm, String name) {
        Database db = pool.db();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name_label", name);
        values.put("is_a_template", true);
        values.put("is_a_snapshot", true);
        values.put("snapshot_of", vm.ref());
        values.put("snapshot_time", pool.clock.instant());
        values.put("other_config", vm.map("other_config"));
        XObject snap = db.create(Schema.VM, values);
        for (XObject vif : pool.refsOf(vm, "VIFs", Schema.VIF)) {
            Map<String, Object> copy = vif.record();
            copy.remove("uuid");
            copy.put("VM", snap.ref());
            copy.put("currently_attached", false);
            db.create(Schema.VIF, copy);
        }
        return snap;
    }

    private String randomMac() {
        StringBuilder sb = new StringBuilder("00:16:3e");
        for (int i = 0; i < 3; i++) {
            sb.append(String.format(":%02x", random.nextInt(256)));
        }
        return sb.toString();
    }
}
