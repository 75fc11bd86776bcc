package io.xenvlan.lab.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.sim.ovs.DhcpLease;
import io.xenvlan.sim.ovs.GuestConsole;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.server.render.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the seeds promise, checked with real packets from inside each VM: it obtains exactly its
 * IPAM address from its VLAN's dnsmasq, reaches its gateway, reaches a VM of its project on
 * another host, reaches no VM of another project, reads its own instance id, host name and key
 * from the metadata service, resolves that peer by name with its network's DNS, and reaches
 * nothing from an address that is not its own ({@link SpoofChecks}).
 */
public final class DataplaneChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** DHCP discovers a VM sends (one a second) before its check fails. */
    static final int DHCP_ATTEMPTS = 10;
    private static final String METADATA_URL = "http://169.254.169.254/openstack/latest/meta_data.json";

    private DataplaneChecks() {}

    /** Runs every VM's DHCP client, then every VM's pings, all VMs at once, then the spoofing checks ({@link SpoofChecks}). */
    public static List<VmCheck> run(List<AttachedVm> vms, OvsDataPlane plane, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, vms.size()), DaemonThreads.named("xenvlan-demo-guest"));
        try {
            progress.step("each VM runs a DHCP client (udhcpc) in its namespace");
            Map<String, Optional<DhcpLease>> leases = new ConcurrentHashMap<>();
            all(vms.stream().map(vm -> CompletableFuture.runAsync(() -> {
                Optional<DhcpLease> lease = plane.guest(vm.vm().uuid()).dhcp(Integer.parseInt(vm.device()), DHCP_ATTEMPTS);
                leases.put(vm.vm().uuid(), lease);
                progress.detail(vm.vm().name() + ": " + lease.map(l -> "lease of " + l.address() + " from " + l.serverId()
                        + " in " + l.elapsed().toMillis() + " ms").orElse("no lease"));
            }, pool)).toList());
            progress.step("each VM pings its gateway, a VM of its project on another host, and every VM of the other projects");
            List<CompletableFuture<VmCheck>> checks = vms.stream().map(vm -> CompletableFuture.supplyAsync(
                    () -> pings(vm, vms, leases.get(vm.vm().uuid()), plane.guest(vm.vm().uuid())), pool)).toList();
            all(checks);
            progress.step("each VM switches to an address that is not its own (the VMs of a project in turn): it must reach nothing,"
                    + " then switches back");
            return SpoofChecks.run(checks.stream().map(CompletableFuture::join).toList(), plane, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private static VmCheck pings(AttachedVm vm, List<AttachedVm> all, Optional<DhcpLease> lease, GuestConsole guest) {
        boolean gateway = guest.ping(vm.network().gateway().toString(), 3);
        Optional<AttachedVm> peer = all.stream().filter(o -> o.vm().project().equals(vm.vm().project()))
                .filter(o -> !o.vm().hostUuid().equals(vm.vm().hostUuid())).findFirst();
        boolean peerReached = peer.map(p -> guest.ping(p.address(), 3)).orElse(false);
        List<String> reached = new ArrayList<>();
        for (AttachedVm other : all) {
            if (!other.vm().project().equals(vm.vm().project()) && guest.ping(other.address(), 1)) {
                reached.add(other.vm().name());
            }
        }
        List<String> peerByName = peer.map(p -> guest.resolve(vm.network().dhcpServer().toString(), p.fqdn())).orElse(List.of());
        return new VmCheck(vm, lease, gateway, peer, peerReached, List.copyOf(reached), metadata(guest), peerByName, Optional.empty());
    }

    /** {@code curl http://169.254.169.254/openstack/latest/meta_data.json} from the VM. */
    private static Optional<VmCheck.MetadataRead> metadata(GuestConsole guest) {
        return guest.httpGet(METADATA_URL).flatMap(body -> {
            try {
                JsonNode md = JSON.readTree(body);
                List<String> keys = new ArrayList<>();
                md.path("public_keys").forEach(k -> keys.add(k.asText()));
                return Optional.of(new VmCheck.MetadataRead(md.path("uuid").asText(), md.path("hostname").asText(), keys));
            } catch (JsonProcessingException e) {
                return Optional.empty();
            }
        });
    }

    private static void all(List<? extends CompletableFuture<?>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    public static boolean allPass(List<VmCheck> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(VmCheck::pass);
    }

    public static Table table(List<VmCheck> checks) {
        Table t = new Table("VM", "PROJECT", "HOST", "IPAM ADDRESS", "DHCP FROM ITS VLAN'S DNSMASQ", "GATEWAY",
                "SAME PROJECT, OTHER HOST", "OTHER PROJECTS UNREACHABLE", "METADATA (169.254.169.254)",
                "DNS NAME OF THE PEER", "SPOOF (ANOTHER ADDRESS REACHES NOTHING)");
        for (VmCheck c : checks) {
            AttachedVm vm = c.vm();
            t.row(vm.vm().name(), vm.vm().project(), vm.vm().hostName(), vm.address(),
                    verdict(c.dhcpPass()) + " " + c.lease().map(l -> "got " + l.address() + " from " + l.serverId()).orElse("no lease"),
                    verdict(c.gateway()) + " " + vm.network().gateway(),
                    verdict(c.peerPass()) + " " + c.peer().map(p -> p.vm().name() + " " + p.address()).orElse("no such VM"),
                    verdict(c.isolationPass()) + (c.reached().isEmpty() ? "" : " reached " + String.join(",", c.reached())),
                    verdict(c.metadataPass()) + c.metadata().map(m -> " " + m.hostname() + ", " + m.keys().size() + " key")
                            .orElse(" nothing read"),
                    verdict(c.dnsPass()) + c.peer().map(p -> " " + p.fqdn() + " " + (c.peerByName().isEmpty() ? "unresolved"
                            : String.join(",", c.peerByName()))).orElse(" no peer"),
                    verdict(c.spoofPass()) + c.spoof().map(DataplaneChecks::spoofed).orElse(" not run"));
        }
        return t;
    }

    private static String spoofed(VmCheck.SpoofCheck s) {
        return " from " + s.address() + (s.reached().isEmpty() ? " nothing" : " reached " + String.join(",", s.reached()))
                + (s.backOnItsOwn() ? "" : "; lost its own address");
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }
}
