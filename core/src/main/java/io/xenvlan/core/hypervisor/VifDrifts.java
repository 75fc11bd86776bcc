package io.xenvlan.core.hypervisor;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The VIF half of an audit: the store's VIFs and unrecorded addresses against the pool's own VIF
 * records. A VIF is xenvlan's when it carries this deployment's id (or, made before the id was
 * written, a VIF uuid the store holds an address for); every other VIF is foreign and only
 * counted for duplicates. VIFs of templates and snapshots (copies of a VM's, MACs and tags
 * included) are left out. Each finding keeps what a repair needs.
 */
final class VifDrifts {
    /** One difference, with the VIF (or address) it is about. */
    record Finding(Drift drift, InstanceId vmUuid, Optional<UUID> vif, Optional<UnrecordedAddress> leak) {}

    private final PoolName pool;
    private final PoolInventory inventory;
    private final UUID deployment;
    private final Map<Long, Network> networks;
    private final Map<String, String> bridgeByRef = new HashMap<>();
    private final List<Finding> findings = new ArrayList<>();

    private VifDrifts(PoolName pool, PoolInventory inventory, UUID deployment, Collection<Network> networks) {
        this.pool = pool;
        this.inventory = inventory;
        this.deployment = deployment;
        this.networks = networks.stream().collect(Collectors.toMap(Network::id, n -> n));
        inventory.networks().forEach(n -> bridgeByRef.put(n.ref(), n.nameLabel()));
    }

    /**
     * @param stored     every VIF the store records on the pool
     * @param unrecorded allocated addresses no VIF record holds
     * @param ownedVms   the VMs of the pool that belong to a project
     * @param unfinished VIFs of operations a dead process left (to be recovered)
     * @param leakGrace  leaked addresses allocated longer ago than this are repairable (released)
     */
    static List<Finding> find(PoolName pool, PoolInventory inventory, UUID deployment, Collection<Network> networks,
                              List<StoredVif> stored, List<UnrecordedAddress> unrecorded, Collection<InstanceId> ownedVms,
                              List<StoredVif> unfinished, Instant now, Duration leakGrace) {
        // VIFs of templates and snapshots are copies (same MACs, same tags) that carry no traffic: only guests' count.
        // A guest's uuid is one xapi made, so every VM uuid a finding takes from a pool VIF below is an InstanceId.
        Set<String> guests = inventory.vms().stream().filter(v -> v.kind() == VmKind.GUEST).map(PoolVm::uuid)
                .collect(Collectors.toSet());
        PoolInventory ofGuests = new PoolInventory(inventory.hosts(), inventory.networks(), inventory.vms(),
                inventory.vifs().stream().filter(v -> guests.contains(v.vmUuid())).toList());
        VifDrifts d = new VifDrifts(pool, ofGuests, deployment, networks);
        Map<UUID, StoredVif> byUuid = stored.stream().collect(Collectors.toMap(StoredVif::uuid, v -> v));
        Set<UUID> leakedUuids = unrecorded.stream().map(UnrecordedAddress::vifUuid).collect(Collectors.toSet());
        Map<UUID, List<PoolVif>> tagged = new HashMap<>();
        for (PoolVif vif : ofGuests.vifs()) {
            vif.xenvlanVifUuid().ifPresent(u -> tagged.computeIfAbsent(u, k -> new ArrayList<>()).add(vif));
        }
        d.orphans(tagged, byUuid, leakedUuids);
        d.storedAgainstPool(stored, tagged);
        d.duplicates(byUuid);
        d.leaks(unrecorded, tagged.keySet(), ownedVms, now, leakGrace);
        unfinished.forEach(v -> d.add(Drift.Kind.UNFINISHED_OPERATION, v.networkId(), v.vmUuid(), Optional.of(v.uuid()),
                "VIF " + v.uuid() + " of VM " + v.vmUuid() + " was left " + v.state().wireName() + " by a process that is gone;"
                        + " repair takes it off the pool and releases its address", true));
        return d.findings;
    }

    private void orphans(Map<UUID, List<PoolVif>> tagged, Map<UUID, StoredVif> byUuid, Set<UUID> leakedUuids) {
        tagged.forEach((uuid, vifs) -> {
            StoredVif known = byUuid.get(uuid);
            for (PoolVif vif : vifs) {
                boolean ours = vif.deployment().map(deployment::equals).orElse(leakedUuids.contains(uuid));
                boolean foreignDeployment = vif.deployment().isPresent() && !ours;
                if (foreignDeployment || (known != null && known.vmUuid().value().equals(vif.vmUuid()))) {
                    continue; // another deployment's, or the store knows it (where it is)
                }
                String where = "VIF " + vif.ref() + " (device " + vif.device() + ", MAC " + vif.mac().map(Object::toString).orElse("?")
                        + ") of VM " + vif.vmUuid() + " carries xenvlan VIF " + uuid;
                String detail = ours ? where + ", which the store does not know; repair destroys it"
                        : where + " but no deployment id, and the store knows neither; left alone";
                findings.add(new Finding(new Drift(Drift.Kind.ORPHAN_VIF, pool, bridge(vif.networkRef()), "", detail, ours),
                        InstanceId.of(vif.vmUuid()), Optional.of(uuid), Optional.empty()));
            }
        });
    }

    private void storedAgainstPool(List<StoredVif> stored, Map<UUID, List<PoolVif>> tagged) {
        Set<String> guests = guests();
        for (StoredVif vif : stored) {
            if (vif.state() != VifState.ATTACHED) {
                continue; // in progress, or unfinished (reported as such)
            }
            Optional<PoolVif> onPool = tagged.getOrDefault(vif.uuid(), List.of()).stream()
                    .filter(p -> p.vmUuid().equals(vif.vmUuid().value())).findFirst();
            if (onPool.isEmpty()) {
                boolean vmExists = guests.contains(vif.vmUuid().value());
                add(Drift.Kind.VIF_MISSING, vif.networkId(), vif.vmUuid(), Optional.of(vif.uuid()), "VIF " + vif.uuid() + " (NIC "
                        + vif.nic() + ", " + vif.address().map(Object::toString).orElse("no address") + ") of VM " + vif.vmUuid()
                        + " is recorded but not on the pool; repair " + (vmExists ? "creates it again" : "releases its address (the VM is gone)"),
                        true);
                continue;
            }
            mismatch(vif, onPool.get());
        }
    }

    private void mismatch(StoredVif vif, PoolVif onPool) {
        if (vif.mac().isPresent() && !onPool.mac().equals(vif.mac())) {
            add(Drift.Kind.VIF_MISMATCH, vif.networkId(), vif.vmUuid(), Optional.of(vif.uuid()), "VIF " + onPool.ref() + " of VM "
                    + vif.vmUuid() + " has MAC " + onPool.mac().map(Object::toString).orElse("?") + ", the store records "
                    + vif.mac().get() + " (a VIF's MAC cannot change: detach and attach the VM)", false);
        }
        if (vif.locked() && vif.address().isPresent() && !lockedTo(onPool, vif.address().get())) {
            add(Drift.Kind.VIF_MISMATCH, vif.networkId(), vif.vmUuid(), Optional.of(vif.uuid()), "VIF " + onPool.ref() + " of VM "
                    + vif.vmUuid() + " has locking_mode " + onPool.lockingMode() + " with ipv4_allowed " + onPool.ipv4Allowed()
                    + ", xenvlan locked it to " + vif.address().get() + "; repair locks it again", true);
        }
    }

    private static boolean lockedTo(PoolVif vif, Ipv4Address address) {
        return "locked".equals(vif.lockingMode()) && vif.ipv4Allowed().equals(List.of(address.toString()));
    }

    /** Two VIFs with one MAC or one address on one network, whoever made them. */
    private void duplicates(Map<UUID, StoredVif> byUuid) {
        Map<String, Map<MacAddress, List<PoolVif>>> macs = new TreeMap<>();
        Map<String, Map<String, Set<PoolVif>>> addresses = new TreeMap<>();
        for (PoolVif vif : inventory.vifs()) {
            vif.mac().ifPresent(mac -> macs.computeIfAbsent(vif.networkRef(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(mac, k -> new ArrayList<>()).add(vif));
            Set<String> held = new LinkedHashSet<>(vif.ipv4Allowed());
            vif.xenvlanVifUuid().map(byUuid::get).flatMap(StoredVif::address).ifPresent(a -> held.add(a.toString()));
            held.forEach(a -> addresses.computeIfAbsent(vif.networkRef(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(a, k -> new LinkedHashSet<>()).add(vif));
        }
        macs.forEach((network, byMac) -> byMac.forEach((mac, vifs) -> {
            if (vifs.size() > 1) {
                findings.add(new Finding(new Drift(Drift.Kind.DUPLICATE_MAC, pool, bridge(network), "", "MAC " + mac + " is on "
                        + describe(vifs), false), InstanceId.of(vifs.get(0).vmUuid()), Optional.empty(), Optional.empty()));
            }
        }));
        addresses.forEach((network, byAddress) -> byAddress.forEach((address, vifs) -> {
            if (vifs.size() > 1) {
                findings.add(new Finding(new Drift(Drift.Kind.DUPLICATE_ADDRESS, pool, bridge(network), "", "address " + address
                        + " is held by " + describe(vifs), false), InstanceId.of(vifs.iterator().next().vmUuid()), Optional.empty(), Optional.empty()));
            }
        }));
    }

    private static String describe(Collection<PoolVif> vifs) {
        return vifs.size() + " VIFs: " + vifs.stream().map(v -> v.ref() + " (VM " + v.vmUuid()
                + v.xenvlanVifUuid().map(u -> ", xenvlan VIF " + u).orElse(", not xenvlan's") + ")").collect(Collectors.joining(", "));
    }

    private void leaks(List<UnrecordedAddress> unrecorded, Set<UUID> onPool, Collection<InstanceId> ownedVms, Instant now,
                       Duration grace) {
        Set<String> vms = new HashSet<>(guests());
        ownedVms.forEach(vm -> vms.add(vm.value()));
        for (UnrecordedAddress a : unrecorded) {
            if (!vms.contains(a.instance().value()) || onPool.contains(a.vifUuid())) {
                continue; // an IPAM-only allocation, or an orphan VIF still holds it (reported as such)
            }
            boolean due = a.allocatedAt().map(t -> !t.isAfter(now.minus(grace))).orElse(true);
            String detail = "address " + a.address() + " (MAC " + a.mac() + ") is allocated to VM " + a.instance()
                    + " but no VIF of xenvlan holds it, in the store or in the pool; " + (due ? "repair releases it"
                    : "repair releases it once it is " + grace.toMinutes() + " min old");
            findings.add(new Finding(new Drift(Drift.Kind.LEAKED_ADDRESS, pool, bridge(a.networkId()), "", detail, due),
                    a.instance(), Optional.of(a.vifUuid()), Optional.of(a)));
        }
    }

    private Set<String> guests() {
        return inventory.vms().stream().filter(v -> v.kind() == VmKind.GUEST).map(PoolVm::uuid).collect(Collectors.toSet());
    }

    private void add(Drift.Kind kind, Optional<Long> networkId, InstanceId vm, Optional<UUID> vif, String detail, boolean repairable) {
        findings.add(new Finding(new Drift(kind, pool, networkId.map(this::bridge).orElse(""), "", detail, repairable), vm, vif,
                Optional.empty()));
    }

    private String bridge(long networkId) {
        Network n = networks.get(networkId);
        return n == null ? "" : n.bridge().value();
    }

    private String bridge(String networkRef) {
        return bridgeByRef.getOrDefault(networkRef, networkRef);
    }
}
