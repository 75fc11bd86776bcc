package io.xenvlan.server.demo;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.sim.ovs.GuestConsole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The anti-spoofing check of the demo: a VM switches to an address of its network that is not its
 * own (one no VM holds, so a VIF that is not locked would reach everything from it) and must reach
 * nothing: not its gateway, not its project's peer, not the metadata service; back on its own
 * address it reaches its gateway again.
 */
final class SpoofChecks {
    private SpoofChecks() {}

    /**
     * One address per VM that no VM holds, from the top of each VM's network down (IPAM hands out
     * addresses from the bottom), distinct between VMs so no two spoofers ever share one.
     */
    static Map<String, String> spoofedAddresses(List<AttachedVm> vms) {
        Set<String> taken = new HashSet<>();
        vms.forEach(vm -> taken.add(vm.address()));
        Map<String, String> chosen = new HashMap<>();
        for (AttachedVm vm : vms) {
            Ipv4Address candidate = vm.network().broadcast().plus(-1);
            while (!taken.add(candidate.toString())) {
                candidate = candidate.plus(-1);
            }
            chosen.put(vm.vm().uuid(), candidate.toString());
        }
        return chosen;
    }

    /** From {@code spoofed}: what the VM reached (must be nothing), then whether it reaches its gateway back on its own address. */
    static VmCheck.SpoofCheck check(AttachedVm vm, Optional<AttachedVm> peer, String spoofed, GuestConsole guest) {
        int device = Integer.parseInt(vm.device());
        int prefix = vm.network().cidr().prefix();
        String gateway = vm.network().gateway().toString();
        List<String> reached = new ArrayList<>();
        guest.useAddress(device, spoofed, prefix, gateway);
        try {
            if (guest.ping(gateway, 2)) {
                reached.add("gateway");
            }
            if (peer.isPresent() && guest.ping(peer.get().address(), 2)) {
                reached.add(peer.get().vm().name());
            }
            if (guest.httpGet(DataplaneChecks.METADATA_URL).isPresent()) {
                reached.add("metadata");
            }
        } finally {
            guest.useAddress(device, vm.address(), prefix, gateway);
        }
        return new VmCheck.SpoofCheck(spoofed, List.copyOf(reached), guest.ping(gateway, 3));
    }
}
