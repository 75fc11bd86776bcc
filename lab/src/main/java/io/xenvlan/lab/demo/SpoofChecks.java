package io.xenvlan.lab.demo;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.sim.ovs.GuestConsole;
import io.xenvlan.sim.ovs.OvsDataPlane;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The anti-spoofing check of the demo: a VM switches to an address of its network that is not its
 * own (one no VM holds, so from a VIF that is not locked it would reach everything) and must reach
 * nothing: not its gateway, not its project's peer, not its network's DNS server; back on its own
 * address it reaches its gateway again. The VMs of a project take turns (waves), so the peer a
 * spoofer tries is on its own address.
 */
final class SpoofChecks {
    private SpoofChecks() {}

    /** Every VM's check; the n-th VM of each project in wave n, the VMs of a wave at once. */
    static List<VmCheck> run(List<VmCheck> checks, OvsDataPlane plane, ExecutorService pool) {
        Map<String, String> spoofed = spoofedAddresses(checks.stream().map(VmCheck::vm).toList());
        Map<String, Integer> perProject = new HashMap<>();
        Map<Integer, List<Integer>> waves = new TreeMap<>();
        for (int i = 0; i < checks.size(); i++) {
            int wave = perProject.merge(checks.get(i).vm().vm().project(), 1, Integer::sum);
            waves.computeIfAbsent(wave, w -> new ArrayList<>()).add(i);
        }
        VmCheck[] done = checks.toArray(VmCheck[]::new);
        for (List<Integer> wave : waves.values()) {
            List<CompletableFuture<Void>> running = wave.stream().map(i -> CompletableFuture.runAsync(() -> {
                VmCheck c = checks.get(i);
                done[i] = c.withSpoof(check(c.vm(), c.peer(), spoofed.get(c.vm().vm().uuid()), plane.guest(c.vm().vm().uuid())));
            }, pool)).toList();
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        }
        return List.of(done);
    }

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
    // ping and dig rather than the metadata service: from an address no VM holds, the service answers 404 locked or not
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
            String dns = vm.network().dhcpServer().toString();
            if (peer.isPresent() && !guest.resolve(dns, peer.get().fqdn()).isEmpty()) {
                reached.add("dns " + dns);
            }
        } finally {
            guest.useAddress(device, vm.address(), prefix, gateway);
        }
        return new VmCheck.SpoofCheck(spoofed, List.copyOf(reached), guest.ping(gateway, 3));
    }
}
