package io.xenvlan.server.cli;

import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.hypervisor.PoolHost;
import io.xenvlan.core.hypervisor.PoolMachines;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolGuest;
import io.xenvlan.server.compute.VifListing;
import io.xenvlan.server.compute.VifRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** JSON shapes and tables of a pool's hosts and VMs (its inventory), shared by the CLI and the REST API. */
public final class InventoryViews {
    private InventoryViews() {}

    public static Map<String, Object> host(PoolHost h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("uuid", h.uuid());
        m.put("address", h.address());
        m.put("enabled", h.enabled());
        return m;
    }

    /** A VM with xenvlan's VIFs on it: each VIF's uuid, MAC, address, network, VLAN, device and whether plugged. */
    public static Map<String, Object> vm(PoolGuest vm, List<VifRow> vifs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", vm.name());
        m.put("uuid", vm.uuid());
        m.put("power_state", vm.powerState());
        m.put("host", vm.host().orElse(null));
        m.put("vifs", vifs.stream().map(InventoryViews::vif).toList());
        return m;
    }

    private static Map<String, Object> vif(VifRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", r.uuid().toString());
        m.put("mac", r.mac().orElse(null));
        m.put("address", r.address().orElse(null));
        m.put("network", r.network().orElse(null));
        m.put("vlan", r.vlan().orElse(null));
        m.put("project", r.project().orElse(null));
        m.put("device", r.device());
        m.put("plugged", r.plugged());
        return m;
    }

    /** xenvlan's VIFs on {@code pool}, by VM uuid (oldest first). */
    public static Map<String, List<VifRow>> vifsByVm(VifListing listing, PoolName pool) {
        return listing.all(Optional.empty()).stream().filter(r -> r.pool().equals(pool.value()))
                .sorted(java.util.Comparator.comparing(VifRow::createdAt).thenComparing(VifRow::nic))
                .collect(Collectors.groupingBy(VifRow::vm, LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * {@code pool} (a pool's view) with its hosts' names as the pool reports them now; a pool that cannot be asked
     * gets no hosts and its error. Why may name the password's file or variable, or the pool's answer: an admin reads
     * it, a project token only the error's code.
     */
    public static Map<String, Object> withHosts(Map<String, Object> pool, PoolMachines machines, PoolName name, boolean admin) {
        Map<String, Object> m = new LinkedHashMap<>(pool);
        try {
            m.put("hosts", machines.hosts(name).stream().map(PoolHost::name).toList());
        } catch (XenvlanException e) {
            m.put("hosts", List.of());
            m.put("error", Map.of("code", e.code(), "message", admin ? e.getMessage() : "the pool cannot be reached (an admin token sees why)",
                    "details", Map.of()));
        }
        return m;
    }

    static Table hostTable(List<Map<String, Object>> hosts) {
        Table t = new Table("NAME", "UUID", "ADDRESS", "ENABLED");
        hosts.forEach(h -> t.row(h.get("name"), h.get("uuid"), h.get("address"), h.get("enabled")));
        return t;
    }

    /** One row per VM; VIFS lists xenvlan's as {@code MAC ADDRESS (NETWORK)}, comma-separated. */
    @SuppressWarnings("unchecked")
    static Table vmTable(List<Map<String, Object>> vms) {
        Table t = new Table("NAME", "UUID", "POWER STATE", "HOST", "XENVLAN VIFS");
        for (Map<String, Object> vm : vms) {
            String vifs = ((List<Map<String, Object>>) vm.get("vifs")).stream()
                    .map(v -> v.get("mac") + " " + v.get("address") + " (" + v.get("network") + ")").collect(Collectors.joining(", "));
            t.row(vm.get("name"), vm.get("uuid"), vm.get("power_state"), vm.get("host"), vifs);
        }
        return t;
    }
}
