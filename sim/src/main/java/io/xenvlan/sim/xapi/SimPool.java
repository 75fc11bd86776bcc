package io.xenvlan.sim.xapi;

import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.PifPort;
import io.xenvlan.sim.VifLocking;
import io.xenvlan.sim.VifPort;
import io.xenvlan.sim.VmPort;
import io.xenvlan.sim.XenApiFailure;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated pool's state and the operations several messages share (plugging PIFs and
 * VIFs through the data plane, finding hosts). Every method expects the caller to hold the
 * database's write lock (or read lock for the pure queries).
 */
final class SimPool {
    private final Database db;
    final Clock clock;
    final Sessions sessions;
    private final DataPlane dataPlane;
    private final Set<String> foreignVlans = new HashSet<>();

    SimPool(Database db, Clock clock, Sessions sessions, DataPlane dataPlane) {
        this.db = db;
        this.clock = clock;
        this.sessions = sessions;
        this.dataPlane = dataPlane;
    }

    Database db() {
        return db;
    }

    XObject pool() {
        return db.all(Schema.POOL).iterator().next();
    }

    XObject master() {
        return db.get(Schema.HOST, pool().str("master"));
    }

    List<XObject> hosts() {
        return List.copyOf(db.all(Schema.HOST));
    }

    /** A host is live when enabled; the simulator has no host failures beyond that. */
    boolean live(XObject host) {
        return host.bool("enabled");
    }

    /** Marks a VLAN as configured on the host outside xapi (VLAN.create's VLAN_IN_USE check). */
    void addForeignVlan(XObject host, String device, long tag) {
        foreignVlans.add(host.ref() + "/" + device + "/" + tag);
    }

    boolean hasForeignVlan(XObject host, String device, long tag) {
        return foreignVlans.contains(host.ref() + "/" + device + "/" + tag);
    }

    /** The objects of {@code field} pointing at {@code target}, e.g. the PIFs on a network. */
    List<XObject> refsOf(XObject owner, String setField, ClassDef cls) {
        return owner.refs(setField).stream().map(r -> db.get(cls, r)).toList();
    }

    /** Plugs a PIF (first its tagged PIF, for a VLAN PIF); a no-op when attached. */
    void plugPif(XObject pif) {
        if (pif.bool("currently_attached")) {
            return;
        }
        XObject vlan = db.find(pif.str("VLAN_master_of")).orElse(null);
        if (vlan != null) {
            db.find(vlan.str("tagged_PIF")).ifPresent(this::plugPif);
        }
        PifPort port = pifPort(pif);
        guard(() -> dataPlane.pifPlugged(port));
        db.set(pif, "currently_attached", true);
    }

    void unplugPif(XObject pif) {
        if (!pif.bool("currently_attached")) {
            return;
        }
        PifPort port = pifPort(pif);
        guard(() -> dataPlane.pifUnplugged(port));
        db.set(pif, "currently_attached", false);
    }

    /**
     * Makes a network usable on a host, as xapi's attach for a VIF does: plugs the host's PIFs on
     * it; a host with none (a network whose PIFs are all elsewhere, or a host that joined after
     * the VLAN was made) gets the network's bridge with no uplink ({@code attach_internal}), so the
     * VIF plugs all the same and reaches nothing beyond the host.
     */
    private void attachNetwork(XObject network, XObject host) {
        refsOf(network, "PIFs", Schema.PIF).stream().filter(p -> p.str("host").equals(host.ref())).forEach(this::plugPif);
    }

    void plugVif(XObject vif, XObject vm) {
        XObject host = db.get(Schema.HOST, vm.str("resident_on"));
        attachNetwork(db.get(Schema.NETWORK, vif.str("network")), host);
        VifPort port = vifPort(vif, vm, host);
        guard(() -> dataPlane.vifPlugged(port));
        db.set(vif, "currently_attached", true);
    }

    void unplugVif(XObject vif, XObject vm) {
        XObject host = db.get(Schema.HOST, vm.str("resident_on"));
        VifPort port = vifPort(vif, vm, host);
        guard(() -> dataPlane.vifUnplugged(port));
        db.set(vif, "currently_attached", false);
    }

    /**
     * xapi's refresh_filtering_rules: when the VIF is plugged (and its VM not suspended), the
     * host redoes its filtering rules for the VIF's locking as it will be after the change,
     * before the change is recorded.
     */
    void refreshFiltering(XObject vif, String lockingMode, List<String> ipv4Allowed, List<String> ipv6Allowed) {
        XObject vm = db.get(Schema.VM, vif.str("VM"));
        if (!vif.bool("currently_attached") || vm.str("power_state").equals("Suspended")) {
            return;
        }
        XObject host = db.get(Schema.HOST, vm.str("resident_on"));
        VifPort port = vifPort(vif, vm, host, effectiveLocking(vif, lockingMode, ipv4Allowed, ipv6Allowed));
        guard(() -> dataPlane.vifLockingChanged(port));
    }

    /** The locking the host applies: network_default is the network's default_locking_mode. */
    VifLocking effectiveLocking(XObject vif, String lockingMode, List<String> ipv4Allowed, List<String> ipv6Allowed) {
        String mode = lockingMode.equals("network_default")
                ? db.get(Schema.NETWORK, vif.str("network")).str("default_locking_mode") : lockingMode;
        return new VifLocking(mode, ipv4Allowed, ipv6Allowed);
    }

    void vmStarted(XObject vm, XObject host, long domid) {
        VmPort port = new VmPort(host.uuid(), host.str("name_label"), vm.uuid(), vm.str("name_label"), domid);
        guard(() -> dataPlane.vmStarted(port));
    }

    void vmStopped(XObject vm, XObject host) {
        VmPort port = new VmPort(host.uuid(), host.str("name_label"), vm.uuid(), vm.str("name_label"),
                vm.int64("domid"));
        guard(() -> dataPlane.vmStopped(port));
    }

    private PifPort pifPort(XObject pif) {
        XObject host = db.get(Schema.HOST, pif.str("host"));
        String parent = db.find(pif.str("VLAN_master_of"))
                .flatMap(vlan -> db.find(vlan.str("tagged_PIF")))
                .flatMap(tagged -> db.find(tagged.str("network")))
                .map(net -> net.str("bridge")).orElse("");
        String bridge = db.find(pif.str("network")).map(net -> net.str("bridge")).orElse("");
        return new PifPort(host.uuid(), host.str("name_label"), pif.uuid(), pif.str("device"),
                pif.int64("VLAN"), bridge, parent, pif.int64("MTU"));
    }

    private VifPort vifPort(XObject vif, XObject vm, XObject host) {
        return vifPort(vif, vm, host, effectiveLocking(vif, vif.str("locking_mode"), vif.refs("ipv4_allowed"),
                vif.refs("ipv6_allowed")));
    }

    private VifPort vifPort(XObject vif, XObject vm, XObject host, VifLocking locking) {
        String bridge = db.get(Schema.NETWORK, vif.str("network")).str("bridge");
        return new VifPort(host.uuid(), host.str("name_label"), vm.uuid(), vm.str("name_label"),
                vm.int64("domid"), vif.uuid(), vif.str("device"), vif.str("MAC"), vif.int64("MTU"), bridge, locking);
    }

    private static void guard(Runnable dataPlaneCall) {
        try {
            dataPlaneCall.run();
        } catch (XenApiFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw XenApiFailure.of("INTERNAL_ERROR", "data plane: " + e.getMessage());
        }
    }
}
