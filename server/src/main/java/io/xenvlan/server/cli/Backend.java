package io.xenvlan.server.cli;

import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.server.render.AllocationView;
import io.xenvlan.server.render.AttachedVifView;
import io.xenvlan.server.render.DetachmentView;
import io.xenvlan.server.render.DriftView;
import io.xenvlan.server.render.FixedIpView;
import io.xenvlan.server.render.HostView;
import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.PoolView;
import io.xenvlan.server.render.VifDetailView;
import io.xenvlan.server.render.VifView;
import io.xenvlan.server.render.VmView;
import java.util.List;
import java.util.OptionalLong;
import java.util.Optional;
import java.util.UUID;

/**
 * What the network, project, address, pool and VIF commands do, either on the store directly (the VLAN
 * manager) or through a running server's REST API ({@code --server URL}); both give the same
 * records, so the commands print the same tables and JSON.
 */
public interface Backend extends AutoCloseable {
    List<NetworkView> createNetworks(NetworkRequest request);

    /** As {@link #createNetworks(NetworkRequest)}; with {@code autoFloating}, every attach on them also gets a floating IP. */
    List<NetworkView> createNetworks(NetworkRequest request, boolean autoFloating);

    List<NetworkView> networks();

    NetworkView network(String ref);

    NetworkView deleteNetwork(String ref);

    NetworkView associate(String project, Optional<String> networkRef);

    NetworkView disassociate(String project);

    AllocationView allocate(String project, String instance, Optional<String> address);

    FixedIpView release(String address);

    List<FixedIpView> releaseInstance(String instance);

    List<FixedIpView> addresses(Optional<String> networkRef, Optional<String> project, boolean all);

    /**
     * Registers a pool (its password stays where {@code pool.password()} says), once xenvlan logged
     * in to it with these settings ({@code verify}), or offline without.
     */
    PoolView addPool(PoolSettings pool, boolean verify);

    /** The registered pools; with {@code hosts}, each with its hosts' names as it reports them now (or its error). */
    List<PoolView> pools(boolean hosts);

    /** A pool's hosts as it reports them now. */
    List<HostView> poolHosts(String pool);

    /** A pool's guest VMs with xenvlan's VIFs on each. */
    List<VmView> poolVms(String pool);

    PoolView removePool(String name);

    /**
     * The whole attach flow of the VM's NIC {@code nic}, then the guest's profile; the VIF and what
     * its guest is told (with {@code created} false when the VM had that NIC already).
     */
    AttachedVifView attach(String project, String pool, String vm, OptionalLong rateKbps, int nic, GuestRequest guest);

    /** Takes the VM's VIFs off; what was detached. */
    DetachmentView detach(String pool, String vm);

    /** xenvlan's VIFs (on this pool, of this VM, of this project when given), newest first. */
    List<VifView> vifs(Optional<String> pool, Optional<String> vm, Optional<String> project);

    /** One VIF with its host name and key names. */
    VifDetailView vif(UUID vif);

    /** The user data the VIF's attach gave, byte for byte. @throws io.xenvlan.core.error.NotFoundException when none */
    byte[] userData(UUID vif);

    /**
     * The drift of one pool, or of every registered pool; with {@code repair}, what
     * remains after xenvlan repaired its own objects. Auditing every pool, a pool that cannot be audited is one item
     * ({@code POOL_UNREACHABLE}) and the others are audited all the same.
     */
    List<DriftView> audit(Optional<String> pool, boolean repair);

    @Override
    void close();
}
