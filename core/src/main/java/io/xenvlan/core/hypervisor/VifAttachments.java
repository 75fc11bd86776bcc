package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Attaching a VM to its project's network: the VLAN manager allocates address and MAC, the
 * hypervisor ensures the VLAN network on the pool and creates the VIF, the store records the refs.
 * With a {@link DhcpReadiness}, the VIF is created only once the network node serves the VM's DHCP
 * entry. On an auto-floating network the address also gets a floating IP ({@link AttachFloating}) before
 * the VIF exists. A failure after the allocation releases the address again (and its floating IP with
 * it, in one transaction), so nothing is left half done.
 */
public final class VifAttachments {
    private final VlanManager manager;
    private final HypervisorNetworking hypervisor;
    private final PoolStore pools;
    private final DhcpReadiness dhcp;
    private final AttachFloating floating;

    public VifAttachments(VlanManager manager, HypervisorNetworking hypervisor, PoolStore pools) {
        this(manager, hypervisor, pools, DhcpReadiness.NONE);
    }

    /** With {@code dhcp}, an attach waits for the VM's DHCP entry to be live before it creates the VIF. */
    public VifAttachments(VlanManager manager, HypervisorNetworking hypervisor, PoolStore pools, DhcpReadiness dhcp) {
        this(manager, hypervisor, pools, dhcp, AttachFloating.NONE);
    }

    /** As above; {@code floating} gives the new address its floating IP on auto-floating networks. */
    public VifAttachments(VlanManager manager, HypervisorNetworking hypervisor, PoolStore pools, DhcpReadiness dhcp,
                          AttachFloating floating) {
        this.manager = manager;
        this.hypervisor = hypervisor;
        this.pools = pools;
        this.dhcp = dhcp;
        this.floating = floating;
    }

    /**
     * The whole {@code vif attach} flow for a VM (the VM's uuid is the instance id).
     *
     * @throws NotFoundException for an unknown pool or VM
     */
    public AttachedVif attach(String project, PoolName pool, String vmUuid, OptionalLong rateKbps) {
        InstanceId.of(vmUuid);
        pools.pool(pool).orElseThrow(() -> new NotFoundException("pool", pool.value()));
        Allocation allocation = manager.allocate(project, vmUuid, Optional.empty());
        try {
            Optional<Ipv4Address> floatingIp = floating.assign(allocation);
            dhcp.await(allocation);
            PlacedVif placed = hypervisor.attachVif(pool, new VifRequest(allocation.vifUuid(), vmUuid, allocation.mac(),
                    allocation.network(), rateKbps));
            pools.recordVif(placed);
            return new AttachedVif(placed, allocation.address(), allocation.network(), floatingIp);
        } catch (RuntimeException e) {
            try {
                manager.release(allocation.address().toString());
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
    }

    /**
     * Unplugs and destroys the VM's xenvlan VIFs on the pool and releases its addresses.
     *
     * @return the released addresses
     * @throws NotFoundException when xenvlan attached nothing to that VM on that pool
     */
    public List<FixedIp> detach(PoolName pool, String vmUuid) {
        List<PlacedVif> vifs = pools.vifsOfVm(pool, vmUuid);
        if (vifs.isEmpty()) {
            throw new NotFoundException("vif", pool.value() + "/" + vmUuid);
        }
        for (PlacedVif vif : vifs) {
            hypervisor.detachVif(pool, vmUuid, vif.mac());
            pools.forgetVif(vif.xenvlanVifUuid());
        }
        return manager.releaseInstance(vmUuid);
    }

    /** The VIFs xenvlan placed on a VM. */
    public List<PlacedVif> vifs(PoolName pool, String vmUuid) {
        return pools.vifsOfVm(pool, vmUuid);
    }
}
