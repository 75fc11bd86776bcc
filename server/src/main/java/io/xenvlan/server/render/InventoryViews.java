package io.xenvlan.server.render;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.hypervisor.PoolGuest;
import io.xenvlan.core.hypervisor.PoolHost;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.port.PoolMachines;
import io.xenvlan.server.compute.VifRow;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** JSON shapes and tables of a pool's hosts and VMs (its inventory), shared by the CLI and the REST API. */
public final class InventoryViews {
    private InventoryViews() {}

    public static HostView host(PoolHost h) {
        return new HostView(h.name(), h.uuid(), h.address(), h.enabled());
    }

    /** A VM with xenvlan's VIFs on it: each VIF's uuid, MAC, address, network, VLAN, device and whether plugged. */
    public static VmView vm(PoolGuest vm, List<VifRow> vifs) {
        return new VmView(vm.name(), vm.uuid(), vm.powerState(), vm.host().orElse(null), vifs.stream().map(InventoryViews::vif).toList());
    }

    private static VmView.Vif vif(VifRow r) {
        return new VmView.Vif(r.uuid().toString(), r.mac().orElse(null), r.address().orElse(null), r.network().orElse(null),
                r.vlan().orElse(null), r.project().orElse(null), r.device(), r.plugged());
    }

    /**
     * {@code pool} (a pool's view) with its hosts' names as the pool reports them now; a pool that cannot be asked
     * gets no hosts and its error. Why may name the password's file or variable, or the pool's answer: an admin reads
     * it, a project token only the error's code.
     */
    public static PoolView withHosts(PoolView pool, PoolMachines machines, PoolName name, boolean admin) {
        try {
            return pool.withHosts(machines.hosts(name).stream().map(PoolHost::name).toList());
        } catch (XenvlanException e) {
            return pool.unreachable(new PoolView.Failure(e.code(),
                    admin ? e.getMessage() : "the pool cannot be reached (an admin token sees why)", Map.of()));
        }
    }

    public static Table hostTable(List<HostView> hosts) {
        Table t = new Table("NAME", "UUID", "ADDRESS", "ENABLED");
        hosts.forEach(h -> t.row(h.name(), h.uuid(), h.address(), h.enabled()));
        return t;
    }

    /** One row per VM; VIFS lists xenvlan's as {@code MAC ADDRESS (NETWORK)}, comma-separated. */
    public static Table vmTable(List<VmView> vms) {
        Table t = new Table("NAME", "UUID", "POWER STATE", "HOST", "XENVLAN VIFS");
        for (VmView vm : vms) {
            String vifs = vm.vifs().stream().map(v -> v.mac() + " " + v.address() + " (" + v.network() + ")").collect(Collectors.joining(", "));
            t.row(vm.name(), vm.uuid(), vm.powerState(), vm.host(), vifs);
        }
        return t;
    }
}
