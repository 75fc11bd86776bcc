package io.xenvlan.xenapi.compute;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.xenapi.client.HostRecord;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VifRecord;
import io.xenvlan.xenapi.client.VifSpec;
import io.xenvlan.xenapi.client.VmPowerState;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiException;
import io.xenvlan.xenapi.client.XenFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

/**
 * Creates, plugs, unplugs and destroys VIFs. Every VIF xenvlan makes carries its xenvlan VIF uuid
 * and deployment id in other_config and is found again by that tag, so a retried attach (a lost
 * reply, a crash) never makes a second one. Each VIF is locked to its MAC and address. Before a
 * plug, the host the VM runs on must have a PIF on the network: xapi would otherwise plug the VIF
 * onto a host-internal bridge with no uplink. Steady state: VIF.get_all_records_where, VIF.create,
 * VIF.plug (the VM's ref and record come from the pool's VmIndex).
 */
final class VifPlacer {
    static final String VIF_ID_KEY = "xenvlan_vif_id";
    static final String DEPLOYMENT_KEY = "xenvlan_deployment";
    static final String NICIRA_IFACE_ID = "nicira-iface-id";
    static final String LOCKED = "locked";

    /**
     * Makes sure the host has a PIF on the network before a VIF is plugged there.
     *
     * @return true when the host had none and got one just now
     */
    @FunctionalInterface
    interface HostCheck {
        boolean requirePif(Ref<HostRecord> host);
    }

    private final Function<PoolName, VmIndex> indexes;

    /** @param indexes the VM index of a pool (made on first use by the caller) */
    VifPlacer(Function<PoolName, VmIndex> indexes) {
        this.indexes = indexes;
    }

    /** The VM's ref and record from the pool's index, else looked up by uuid; NotFound for an unknown uuid. */
    VmIndex.Entry vm(XenApiClient client, PoolName pool, InstanceId vmUuid) {
        VmIndex index = indexes.apply(pool);
        Optional<VmIndex.Entry> known = index.entry(vmUuid.value());
        if (known.isPresent()) {
            return known.get();
        }
        Map<Ref<VmRecord>, VmRecord> found = client.vms().getAllRecordsWhere(XenFilter.eq("uuid", vmUuid.value()));
        if (found.isEmpty()) {
            throw new NotFoundException("vm", vmUuid.value());
        }
        Map.Entry<Ref<VmRecord>, VmRecord> e = found.entrySet().iterator().next();
        VmRecord record = e.getValue();
        if (!record.isATemplate() && !record.isControlDomain()) {
            index.learned(e.getKey(), record); // the index holds guests only
        }
        return new VmIndex.Entry(e.getKey(), record);
    }

    void forgetVm(PoolName pool, InstanceId vmUuid) {
        indexes.apply(pool).forget(vmUuid.value());
    }

    /**
     * Finds the VIF tagged with the request's uuid, else creates it on {@code network}; locks it to
     * its address; checks the VM's host has a PIF on the network ({@code hosts}), then plugs it when
     * the VM runs.
     */
    PlacedVif attach(XenApiClient client, PoolName pool, VifRequest request, Ref<NetworkRecord> network, boolean openVswitch,
                     HostCheck hosts) {
        VmIndex.Entry vm = vm(client, pool, request.vmUuid());
        Map<Ref<VifRecord>, VifRecord> vifs = vifsOf(client, vm.ref());
        Optional<Map.Entry<Ref<VifRecord>, VifRecord>> existing = tagged(vifs, request.xenvlanVifUuid());
        Ref<VifRecord> vif;
        String device;
        boolean attached;
        List<String> allowed = List.of(request.address().toString());
        if (existing.isPresent()) {
            vif = existing.get().getKey();
            VifRecord record = existing.get().getValue();
            device = record.device();
            attached = record.currentlyAttached();
            if (!LOCKED.equals(record.lockingMode()) || !record.ipv4Allowed().equals(allowed)) {
                client.vifs().setIpv4Allowed(vif, allowed);
                client.vifs().setLockingMode(vif, LOCKED);
            }
        } else {
            device = lowestFreeDevice(vifs);
            vif = create(client, pool, request, vm.ref(), network, device, openVswitch);
            attached = false;
        }
        boolean plugged = attached || plug(client, vm, vif, openVswitch ? h -> false : hosts);
        return new PlacedVif(request.xenvlanVifUuid(), pool, request.vmUuid(), request.mac(), vif.value(),
                network.value(), device, plugged);
    }

    private static Optional<Map.Entry<Ref<VifRecord>, VifRecord>> tagged(Map<Ref<VifRecord>, VifRecord> vifs, UUID uuid) {
        String tag = uuid.toString();
        return vifs.entrySet().stream().filter(e -> tag.equalsIgnoreCase(e.getValue().otherConfig().get(VIF_ID_KEY))).findFirst();
    }

    private Ref<VifRecord> create(XenApiClient client, PoolName pool, VifRequest request, Ref<VmRecord> vm,
                                  Ref<NetworkRecord> network, String device, boolean openVswitch) {
        Map<String, String> otherConfig = new LinkedHashMap<>();
        otherConfig.put(VIF_ID_KEY, request.xenvlanVifUuid().toString());
        otherConfig.put(DEPLOYMENT_KEY, request.deployment().toString());
        if (openVswitch) {
            otherConfig.put(NICIRA_IFACE_ID, request.xenvlanVifUuid().toString());
        }
        String qos = request.rateKbps().isPresent() ? "ratelimit" : "";
        Map<String, String> qosParams = request.rateKbps().isPresent()
                ? Map.of("kbps", Long.toString(request.rateKbps().getAsLong())) : Map.of();
        try {
            return client.vifs().create(new VifSpec(device, network, vm, request.mac().toString(), request.network().mtu(),
                    otherConfig, qos, qosParams, LOCKED, List.of(request.address().toString())));
        } catch (XenApiException e) {
            if ("HANDLE_INVALID".equals(e.errorCode()) && "VM".equals(e.param(0))) {
                forgetVm(pool, request.vmUuid()); // the VM we cached is gone; the retry looks it up again
            }
            throw e;
        }
    }

    /**
     * Plugs when the VM runs, once its host has a PIF on the network; false when it does not run
     * (the VIF stays, plugged at its next start). A VM that started after its record was read is
     * plugged all the same, then its host is checked, and a VIF that went onto a host-internal
     * bridge (its host got the PIF only now) is plugged again onto the VLAN.
     */
    private static boolean plug(XenApiClient client, VmIndex.Entry vm, Ref<VifRecord> vif, HostCheck hosts) {
        boolean running = vm.record().powerState() == VmPowerState.RUNNING && !vm.record().residentOn().isNull();
        if (running) {
            hosts.requirePif(vm.record().residentOn());
        }
        try {
            client.vifs().plug(vif);
        } catch (XenApiException e) {
            switch (e.errorCode()) {
                case "VM_BAD_POWER_STATE":
                    return false;
                case "DEVICE_ALREADY_ATTACHED":
                    return true;
                default:
                    throw e;
            }
        }
        if (!running && hosts.requirePif(client.vms().getResidentOn(vm.ref()))) {
            client.vifs().unplug(vif);
            client.vifs().plug(vif);
        }
        return true;
    }

    /**
     * Unplugs and destroys the VM's VIFs tagged with the xenvlan VIF uuid; a missing VM or VIF is
     * not an error.
     *
     * @return whether there was one
     */
    boolean detach(XenApiClient client, PoolName pool, InstanceId vmUuid, UUID xenvlanVifUuid) {
        Ref<VmRecord> vm;
        try {
            vm = vm(client, pool, vmUuid).ref();
        } catch (NotFoundException e) {
            return false;
        }
        Map<Ref<VifRecord>, VifRecord> vifs;
        try {
            vifs = vifsOf(client, vm);
        } catch (XenApiException e) {
            if ("HANDLE_INVALID".equals(e.errorCode())) {
                forgetVm(pool, vmUuid);
                return false;
            }
            throw e;
        }
        String tag = xenvlanVifUuid.toString();
        boolean found = false;
        for (Map.Entry<Ref<VifRecord>, VifRecord> e : vifs.entrySet()) {
            if (!tag.equalsIgnoreCase(e.getValue().otherConfig().get(VIF_ID_KEY))) {
                continue;
            }
            found = true;
            if (e.getValue().currentlyAttached()) {
                ignoring(() -> client.vifs().unplug(e.getKey()), "DEVICE_ALREADY_DETACHED", "VM_BAD_POWER_STATE");
            }
            ignoring(() -> client.vifs().destroy(e.getKey()), "HANDLE_INVALID");
        }
        return found;
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
