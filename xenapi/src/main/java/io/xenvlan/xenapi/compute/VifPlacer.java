package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VifRecord;
import io.xenvlan.xenapi.client.VifSpec;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import io.xenvlan.xenapi.client.XenFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Creates, plugs, unplugs and destroys VIFs. A VIF with the requested MAC already on the VM is
 * reused, so a retried attach never makes a second one. Steady state: VIF.get_all_records_where,
 * VIF.create, VIF.plug (the VM's ref comes from the pool's VmIndex; a stale one is dropped on HANDLE_INVALID).
 */
final class VifPlacer {
    static final String VIF_ID_KEY = "xenvlan_vif_id";
    static final String NICIRA_IFACE_ID = "nicira-iface-id";

    private final Function<PoolName, VmIndex> indexes;

    /** @param indexes the VM index of a pool (made on first use by the caller) */
    VifPlacer(Function<PoolName, VmIndex> indexes) {
        this.indexes = indexes;
    }

    /** The VM's ref from the pool's index, else VM.get_by_uuid; NotFound for an unknown uuid. */
    Ref<VmRecord> vm(XenApiClient client, PoolName pool, String vmUuid) {
        VmIndex index = indexes.apply(pool);
        Optional<Ref<VmRecord>> known = index.ref(vmUuid);
        if (known.isPresent()) {
            return known.get();
        }
        try {
            Ref<VmRecord> ref = client.vms().getByUuid(vmUuid);
            index.learned(vmUuid, ref);
            return ref;
        } catch (XenApiException e) {
            if ("UUID_INVALID".equals(e.errorCode())) {
                throw new NotFoundException("vm", vmUuid);
            }
            throw e;
        }
    }

    void forgetVm(PoolName pool, String vmUuid) {
        indexes.apply(pool).forget(vmUuid);
    }

    /**
     * Finds or creates the VIF with the request's MAC on {@code network} and plugs it when the VM
     * runs; {@code whenNetworkMissing} runs once when the VM's host lacks the network's PIF
     * (VM_REQUIRES_NETWORK), then the plug is tried again.
     */
    PlacedVif attach(XenApiClient client, PoolName pool, VifRequest request, Ref<NetworkRecord> network,
                     boolean openVswitch, Runnable whenNetworkMissing) {
        Ref<VmRecord> vm = vm(client, pool, request.vmUuid());
        Map<Ref<VifRecord>, VifRecord> vifs = vifsOf(client, vm);
        String mac = request.mac().toString();
        Optional<Map.Entry<Ref<VifRecord>, VifRecord>> existing = vifs.entrySet().stream()
                .filter(e -> e.getValue().mac().equalsIgnoreCase(mac)).findFirst();
        Ref<VifRecord> vif;
        String device;
        boolean attached;
        if (existing.isPresent()) {
            vif = existing.get().getKey();
            device = existing.get().getValue().device();
            attached = existing.get().getValue().currentlyAttached();
        } else {
            device = lowestFreeDevice(vifs);
            vif = create(client, pool, request, vm, network, device, openVswitch);
            attached = false;
        }
        boolean plugged = attached || plug(client, vif, whenNetworkMissing);
        return new PlacedVif(request.xenvlanVifUuid(), pool, request.vmUuid(), request.mac(), vif.value(),
                network.value(), device, plugged);
    }

    private Ref<VifRecord> create(XenApiClient client, PoolName pool, VifRequest request, Ref<VmRecord> vm,
                                  Ref<NetworkRecord> network, String device, boolean openVswitch) {
        Map<String, String> otherConfig = new LinkedHashMap<>();
        otherConfig.put(VIF_ID_KEY, request.xenvlanVifUuid().toString());
        if (openVswitch) {
            otherConfig.put(NICIRA_IFACE_ID, request.xenvlanVifUuid().toString());
        }
        String qos = request.rateKbps().isPresent() ? "ratelimit" : "";
        Map<String, String> qosParams = request.rateKbps().isPresent()
                ? Map.of("kbps", Long.toString(request.rateKbps().getAsLong())) : Map.of();
        try {
            return client.vifs().create(new VifSpec(device, network, vm, request.mac().toString(), request.network().mtu(),
                    otherConfig, qos, qosParams));
        } catch (XenApiException e) {
            if ("HANDLE_INVALID".equals(e.errorCode()) && "VM".equals(e.param(0))) {
                forgetVm(pool, request.vmUuid()); // the VM we cached is gone; the retry looks it up again
            }
            throw e;
        }
    }

    /** Plugs; false when the VM is not running (the VIF stays, plugged at its next start). */
    private static boolean plug(XenApiClient client, Ref<VifRecord> vif, Runnable whenNetworkMissing) {
        for (int attempt = 0; ; attempt++) {
            try {
                client.vifs().plug(vif);
                return true;
            } catch (XenApiException e) {
                switch (e.errorCode()) {
                    case "VM_BAD_POWER_STATE":
                        return false;
                    case "DEVICE_ALREADY_ATTACHED":
                        return true;
                    case "VM_REQUIRES_NETWORK":
                        if (attempt == 0) {
                            whenNetworkMissing.run();
                            continue;
                        }
                        throw e;
                    default:
                        throw e;
                }
            }
        }
    }

    /** Unplugs and destroys the VM's VIF with that MAC; a missing VM or VIF is not an error. */
    void detach(XenApiClient client, PoolName pool, String vmUuid, MacAddress mac) {
        Ref<VmRecord> vm;
        try {
            vm = vm(client, pool, vmUuid);
        } catch (NotFoundException gone) {
            return;
        }
        String wanted = mac.toString();
        for (Map.Entry<Ref<VifRecord>, VifRecord> e : vifsOf(client, vm).entrySet()) {
            if (!e.getValue().mac().equalsIgnoreCase(wanted)) {
                continue;
            }
            if (e.getValue().currentlyAttached()) {
                ignoring(() -> client.vifs().unplug(e.getKey()), "DEVICE_ALREADY_DETACHED", "VM_BAD_POWER_STATE");
            }
            ignoring(() -> client.vifs().destroy(e.getKey()), "HANDLE_INVALID");
        }
    }

    private static Map<Ref<VifRecord>, VifRecord> vifsOf(XenApiClient client, Ref<VmRecord> vm) {
        return client.vifs().getAllRecordsWhere(XenFilter.eq("VM", vm.value()));
    }

    private static void ignoring(Runnable call, String... codes) {
        try {
            call.run();
        } catch (XenApiException e) {
            if (!Set.of(codes).contains(e.errorCode())) {
                throw e;
            }
        }
    }

    static String lowestFreeDevice(Map<Ref<VifRecord>, VifRecord> vifs) {
        Set<Integer> used = new TreeSet<>();
        vifs.values().forEach(v -> {
            try {
                used.add(Integer.parseInt(v.device()));
            } catch (NumberFormatException ignored) {
                // a device XenAPI would never have accepted; it blocks nothing
            }
        });
        int device = 0;
        while (used.contains(device)) {
            device++;
        }
        return Integer.toString(device);
    }
}
