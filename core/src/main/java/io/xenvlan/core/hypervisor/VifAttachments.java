package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaching a VM to its project's network and detaching it, as operations that survive a crash
 * at any moment, failures of the pool and retries of clients:
 * <ol>
 * <li>nothing changes before the caller is known to may (a VM belongs to the project whose VIF
 *     it got first) and the VM is known to be a VM (no template, snapshot or control domain);
 * <li>the VM is claimed ({@link VmClaims}), so one operation at a time changes its VIFs;
 * <li>the intent is recorded (a VIF in state attaching) before anything is allocated or the pool
 *     is touched; the address is allocated for that VIF; the XenAPI VIF carries its uuid;
 * <li>only then is the VIF made on the pool, and recorded attached (the moment the caller is told).
 * </ol>
 * A failure undoes in the pool first (the VIF tagged with the uuid is destroyed) and only then
 * releases the address; an undo that fails leaves the intent for recovery ({@link #recover}), at
 * start and on every audit. An attach of a NIC the VM has returns it; a detach of nothing says so.
 * On an auto-floating network the new address also gets a floating IP ({@link AttachFloating})
 * before the VIF exists; releasing the address releases it in the same transaction.
 */
public final class VifAttachments implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VifAttachments.class);

    private final VlanManager manager;
    private final HypervisorNetworking hypervisor;
    private final PoolStore pools;
    private final DhcpReadiness dhcp;
    private final AttachFloating floating;
    private final Clock clock;
    private final OperationTiming timing;
    private final WorkerHeartbeat heartbeat;
    private final VmClaims claims;

    public VifAttachments(VlanManager manager, HypervisorNetworking hypervisor, PoolStore pools) {
        this(manager, hypervisor, pools, DhcpReadiness.NONE);
    }

    /** With {@code dhcp}, an attach waits for the VM's DHCP entry to be live before it creates the VIF. */
    public VifAttachments(VlanManager manager, HypervisorNetworking hypervisor, PoolStore pools, DhcpReadiness dhcp) {
        this(manager, hypervisor, pools, dhcp, AttachFloating.NONE, Worker.forThisProcess(), OperationTiming.defaults(), Clock.systemUTC());
    }

    /**
     * With the worker this process runs as and the clocks of its operations; {@code floating} gives a
     * new address its floating IP on auto-floating networks.
     */
    public VifAttachments(VlanManager manager, HypervisorNetworking hypervisor, PoolStore pools, DhcpReadiness dhcp,
                          AttachFloating floating, Worker worker, OperationTiming timing, Clock clock) {
        this.manager = manager;
        this.hypervisor = hypervisor;
        this.pools = pools;
        this.dhcp = dhcp;
        this.floating = floating;
        this.clock = clock;
        this.timing = timing;
        this.heartbeat = new WorkerHeartbeat(pools, worker, timing);
        this.claims = new VmClaims(pools, heartbeat, timing);
    }

    /** The worker this process's operations run as. */
    Worker worker() {
        return heartbeat.worker();
    }

    /** As {@link #attach(AttachRequest)} for the VM's first NIC, by a caller who may attach any VM (an admin). */
    public AttachedVif attach(ProjectId project, PoolName pool, InstanceId vm, OptionalLong rateKbps) {
        return attach(new AttachRequest(project, pool, vm, 0, rateKbps, true));
    }

    /**
     * The whole {@code vif attach} flow (the VM's uuid is the instance id of its addresses).
     *
     * @throws NotFoundException for an unknown pool or VM
     * @throws ForbiddenException when the VM belongs to another project and the caller may not cross projects
     * @throws InvalidInputException when the uuid names a template, snapshot or control domain
     * @throws ConflictException when the NIC belongs to another project, or the VM stays busy
     */
    public AttachedVif attach(AttachRequest r) {
        PoolName pool = r.pool();
        InstanceId vmUuid = r.vm();
        requireMayUse(r.project(), pools.vmOwner(pool, vmUuid), r.crossProject()); // NotFound for an unknown pool
        VmInfo vm = hypervisor.vm(pool, vmUuid);
        requireGuest(vm);
        try (VmClaims.Held held = claims.acquire(pool, vmUuid)) {
            requireMayUse(r.project(), held.claim().owner(), r.crossProject());
            List<StoredVif> vifs = held.claim().vifs();
            if (vifs.stream().anyMatch(v -> v.state() != VifState.ATTACHED)) {
                undoUnfinished(pool, vmUuid, vifs);
                vifs = pools.vifsOfVm(pool, vmUuid);
            }
            Optional<StoredVif> same = vifs.stream().filter(v -> v.nic() == r.nic()).findFirst();
            if (same.isPresent()) {
                return again(r, same.get(), vm.nameLabel());
            }
            return attachNew(r, vm.nameLabel());
        }
    }

    private static void requireMayUse(ProjectId project, Optional<ProjectId> owner, boolean crossProject) {
        if (!crossProject && owner.isPresent() && !owner.get().equals(project)) {
            throw new ForbiddenException("not in this token's project");
        }
    }

    private static void requireGuest(VmInfo vm) {
        if (vm.kind() != VmKind.GUEST) {
            throw new InvalidInputException("vm", "guest-vm", "vm: " + vm.uuid() + " is a " + vm.kind().describe()
                    + " (" + vm.nameLabel() + "), not a VM; only VMs get VIFs");
        }
    }

    /** The VM has the NIC: make sure the pool still has it as recorded and return it. */
    private AttachedVif again(AttachRequest r, StoredVif vif, String vmName) {
        if (!vif.project().equals(Optional.of(r.project()))) {
            throw new ConflictException("vm: NIC " + vif.nic() + " of VM " + r.vm() + " is on the network of project "
                    + vif.project().map(ProjectId::value).orElse("(unknown)") + "; ask for another NIC (nic " + (vif.nic() + 1) + ")",
                    Map.of("field", "nic", "rule", "free", "vm", r.vm().value(), "nic", vif.nic(), "vif", vif.uuid().toString()));
        }
        Network network = manager.network(Long.toString(vif.networkId().orElseThrow()));
        heartbeat.requireFresh();
        PlacedVif placed = hypervisor.attachVif(r.pool(), new VifRequest(vif.uuid(), pools.deployment(), r.vm(),
                vif.mac().orElseThrow(), vif.address().orElseThrow(), network, vif.rateKbps()));
        if (!vif.placement().equals(Optional.of(placed))) {
            pools.finishAttach(placed);
        }
        return new AttachedVif(placed, vif.address().orElseThrow(), network, vif.nic(), false, Optional.empty(), Optional.of(vmName));
    }

    private AttachedVif attachNew(AttachRequest r, String vmName) {
        PoolName pool = r.pool();
        InstanceId vmUuid = r.vm();
        boolean hadNetwork = manager.hasNetwork(r.project());
        UUID uuid = pools.beginAttach(pool, vmUuid, r.nic(), r.project(), r.rateKbps());
        try {
            Allocation allocation = manager.allocateForVif(r.project(), r.vm(), uuid);
            Optional<Ipv4Address> floatingIp = floating.assign(allocation);
            dhcp.await(allocation);
            heartbeat.requireFresh();
            PlacedVif placed = hypervisor.attachVif(pool, new VifRequest(uuid, pools.deployment(), vmUuid, allocation.mac(),
                    allocation.address(), allocation.network(), r.rateKbps()));
            pools.finishAttach(placed);
            return new AttachedVif(placed, allocation.address(), allocation.network(), r.nic(), true, floatingIp, Optional.of(vmName));
        } catch (RuntimeException e) {
            undo(pool, vmUuid, uuid, e);
            if (!hadNetwork) {
                dropNewAssociation(r.project(), e);
            }
            throw e;
        }
    }

    /** A failed first attach leaves the project without the network it got for it (unless another attach uses it by now). */
    private void dropNewAssociation(ProjectId project, RuntimeException failure) {
        try {
            manager.disassociate(project);
        } catch (ConflictException | NotFoundException e) {
            // another attach of the project holds an address of it by now, or it was never associated
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Takes the VIF off the pool, then releases its address and forgets it. When the pool cannot
     * be reached the intent stays recorded for recovery, and the address stays allocated.
     */
    private boolean undo(PoolName pool, InstanceId vmUuid, UUID uuid, RuntimeException failure) {
        try {
            heartbeat.requireFresh();
            hypervisor.detachVif(pool, vmUuid, uuid);
            pools.forgetVif(uuid, clock.instant());
            return true;
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.warn("pool {}: could not undo VIF {} of VM {} ({}); recovery takes it off the pool later", pool, uuid, vmUuid,
                    e.getMessage());
            return false;
        }
    }

    /**
     * Finishes what a dead or failed operation left on the VM: every VIF not attached goes (the
     * caller holds the claim; {@code vifs} are the VM's VIFs as the claim found them).
     */
    private List<StoredVif> undoUnfinished(PoolName pool, InstanceId vmUuid, List<StoredVif> vifs) {
        List<StoredVif> undone = new ArrayList<>();
        for (StoredVif vif : vifs) {
            if (vif.state() != VifState.ATTACHED) {
                heartbeat.requireFresh();
                hypervisor.detachVif(pool, vmUuid, vif.uuid());
                pools.forgetVif(vif.uuid(), clock.instant());
                LOG.info("pool {}: finished the interrupted operation on VIF {} of VM {} ({}): off the pool, address released",
                        pool, vif.uuid(), vmUuid, vif.state().wireName());
                undone.add(vif);
            }
        }
        return undone;
    }

    /** As {@link #detach(Optional, PoolName, InstanceId)} by a caller who may detach any VM (an admin). */
    public Detachment detach(PoolName pool, InstanceId vm) {
        return detach(Optional.empty(), pool, vm);
    }

    /**
     * Unplugs and destroys the VM's xenvlan VIFs on the pool, then releases their addresses (and
     * only theirs). Detaching a VM with nothing left says so and succeeds.
     *
     * @param project the caller's project, or empty for a caller who may detach any VM
     * @throws ForbiddenException when the VM does not belong to the caller's project
     */
    public Detachment detach(Optional<ProjectId> project, PoolName pool, InstanceId vm) {
        Optional<ProjectId> owner = pools.vmOwner(pool, vm); // NotFound for an unknown pool
        if (project.isPresent() && !owner.equals(project)) {
            throw new ForbiddenException("not in this token's project");
        }
        try (VmClaims.Held held = claims.acquire(pool, vm)) {
            List<DetachedVif> detached = new ArrayList<>();
            undoUnfinished(pool, vm, held.claim().vifs()).forEach(v -> detached.add(DetachedVif.of(v)));
            for (StoredVif vif : held.claim().vifs()) {
                if (vif.state() != VifState.ATTACHED) {
                    continue; // undone above
                }
                pools.beginDetach(vif.uuid());
                heartbeat.requireFresh();
                hypervisor.detachVif(pool, vm, vif.uuid());
                pools.forgetVif(vif.uuid(), clock.instant()).ifPresent(v -> detached.add(DetachedVif.of(v)));
            }
            return new Detachment(pool, vm, detached);
        }
    }

    /** The VIFs xenvlan recorded on a VM. */
    List<StoredVif> vifs(PoolName pool, InstanceId vmUuid) {
        return pools.vifsOfVm(pool, vmUuid);
    }

    /**
     * Finishes the operations on the pool that a dead process, or a failure, left unfinished: each
     * VIF not attached is taken off the pool and its address released. VMs that a live process
     * works on are left to it.
     */
    public RecoveryReport recover(PoolName pool) {
        long start = System.nanoTime();
        int vms = 0;
        int vifs = 0;
        List<String> failures = new ArrayList<>();
        for (InstanceId vm : vmsToRecover(pool)) {
            Optional<VmClaims.Held> held = claims.tryAcquire(pool, vm);
            if (held.isEmpty()) {
                continue;
            }
            try (VmClaims.Held claim = held.get()) {
                int undone = undoUnfinished(pool, vm, claim.claim().vifs()).size();
                vms += undone > 0 ? 1 : 0;
                vifs += undone;
            } catch (XenvlanException e) {
                failures.add(vm + ": " + e.getMessage());
            }
        }
        return new RecoveryReport(pool, vms, vifs, failures, java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Tells the attachments that this process is the store's only user (it holds the embedded
     * store): every other worker is dead, so their operations are taken over from this process's
     * first operation or recovery pass on, instead of once their heartbeats are old.
     */
    public void takeOtherWorkersForDead() {
        heartbeat.takeOthersForDead();
    }

    /**
     * The VMs with an operation left unfinished that no live worker holds. This process's worker is
     * registered first, so a sole user of the store counts every earlier worker's operations in.
     */
    public List<InstanceId> vmsToRecover(PoolName pool) {
        heartbeat.start();
        return pools.vmsToRecover(pool, timing.staleAfter());
    }

    /** The clocks of this process's operations. */
    public OperationTiming timing() {
        return timing;
    }

    /**
     * Destroys a VIF on the VM that carries xenvlan's VIF uuid while the store does not know it
     * there (a repair); its address, if any, is then a leak, released after the grace period.
     *
     * @return whether a VIF was destroyed
     */
    boolean destroyOrphan(PoolName pool, InstanceId vmUuid, UUID xenvlanVifUuid) {
        try (VmClaims.Held held = claims.acquire(pool, vmUuid)) {
            if (pools.vif(xenvlanVifUuid).map(v -> v.vmUuid().equals(vmUuid)).orElse(false)) {
                return false; // recorded there by now
            }
            heartbeat.requireFresh();
            boolean destroyed = hypervisor.detachVif(pool, vmUuid, xenvlanVifUuid);
            LOG.info("pool {}: destroyed orphan VIF {} of VM {}", pool, xenvlanVifUuid, vmUuid);
            return destroyed;
        }
    }

    /**
     * Makes a recorded VIF be on the pool as recorded again (a repair): created again when the
     * pool lost it, locked again when its locking changed; when its VM is gone, its address is
     * released and the VIF forgotten.
     */
    void restore(PoolName pool, UUID xenvlanVifUuid) {
        Optional<StoredVif> recorded = pools.vif(xenvlanVifUuid);
        if (recorded.isEmpty()) {
            return;
        }
        InstanceId vm = recorded.get().vmUuid();
        try (VmClaims.Held held = claims.acquire(pool, vm)) {
            Optional<StoredVif> vif = pools.vif(xenvlanVifUuid);
            if (vif.isEmpty() || vif.get().state() != VifState.ATTACHED) {
                return;
            }
            try {
                requireGuest(hypervisor.vm(pool, vm));
            } catch (NotFoundException e) {
                heartbeat.requireFresh();
                hypervisor.detachVif(pool, vm, xenvlanVifUuid);
                pools.forgetVif(xenvlanVifUuid, clock.instant());
                LOG.info("pool {}: VM {} is gone; released the address of its VIF {}", pool, vm, xenvlanVifUuid);
                return;
            }
            StoredVif v = vif.get();
            Network network = manager.network(Long.toString(v.networkId().orElseThrow()));
            heartbeat.requireFresh();
            pools.finishAttach(hypervisor.attachVif(pool, new VifRequest(v.uuid(), pools.deployment(), vm, v.mac().orElseThrow(),
                    v.address().orElseThrow(), network, v.rateKbps())));
            LOG.info("pool {}: VIF {} of VM {} is on the pool as recorded again", pool, xenvlanVifUuid, vm);
        }
    }

    /** Releases an address no VIF of xenvlan holds, in the store or in the pool (a repair of a leak). */
    void releaseLeaked(PoolName pool, UnrecordedAddress leak) {
        try (VmClaims.Held held = claims.acquire(pool, leak.instance())) {
            if (pools.vif(leak.vifUuid()).isPresent()) {
                return; // an operation records it by now
            }
            pools.forgetVif(leak.vifUuid(), clock.instant());
            LOG.info("pool {}: released leaked address {} of VM {}", pool, leak.address(), leak.instance());
        }
    }

    /** Stops the heartbeat and forgets this worker (it holds nothing once its operations returned). */
    @Override
    public void close() {
        heartbeat.close();
    }
}
