package io.xenvlan.lab.demo;

import io.xenvlan.sim.ovs.DhcpLease;
import java.util.List;
import java.util.Optional;

/**
 * The checks of one VM on the real data plane.
 *
 * @param vm          the VM
 * @param lease       what its DHCP client obtained, if anything
 * @param gateway     whether it reached its network's gateway
 * @param peer        the same-project VM on another host it tried, if there is one
 * @param peerReached whether it reached that peer
 * @param reached     the VMs of other projects it reached (must be none)
 * @param metadata    what it read of itself from 169.254.169.254 ({@code meta_data.json}), if anything
 * @param peerByName  what its network's DNS answered for the peer's name
 * @param spoof       what it reached from an address not its own, once that check ran
 */
public record VmCheck(AttachedVm vm, Optional<DhcpLease> lease, boolean gateway, Optional<AttachedVm> peer,
                      boolean peerReached, List<String> reached, Optional<MetadataRead> metadata, List<String> peerByName,
                      Optional<SpoofCheck> spoof) {

    /**
     * A VM on an address that is not its own.
     *
     * @param address      the address it used
     * @param reached      what answered it from there: "gateway", its peer's name, "dns <server>" (must be nothing)
     * @param backOnItsOwn whether it reached its gateway again once back on its own address
     */
    record SpoofCheck(String address, List<String> reached, boolean backOnItsOwn) {
        boolean pass() {
            return reached.isEmpty() && backOnItsOwn;
        }
    }

    /** The same checks with the spoofing check's result. */
    VmCheck withSpoof(SpoofCheck check) {
        return new VmCheck(vm, lease, gateway, peer, peerReached, reached, metadata, peerByName, Optional.of(check));
    }

    /** From an address not its own it reached nothing, and back on its own it works again. */
    boolean spoofPass() {
        return spoof.filter(SpoofCheck::pass).isPresent();
    }

    /** The instance id, host name and SSH keys a VM's metadata service told it. */
    record MetadataRead(String uuid, String hostname, List<String> keys) {
    }

    /** It read its own instance id, and the host name and key it was given, from the metadata service. */
    boolean metadataPass() {
        return metadata.filter(m -> m.uuid().equals(vm.vm().uuid()) && m.hostname().equals(vm.profile().hostname().value())
                && m.keys().equals(vm.profile().publicKeys().stream().map(k -> k.line()).toList())).isPresent();
    }

    /** Its network's DNS resolved the peer's name to the peer's address. */
    boolean dnsPass() {
        return peer.isPresent() && peerByName.equals(List.of(peer.get().address()));
    }

    /** It obtained exactly its IPAM address, from its VLAN's DHCP server. */
    boolean dhcpPass() {
        return lease.filter(l -> l.address().equals(vm.address())
                && l.serverId().equals(vm.network().dhcpServer().toString())).isPresent();
    }

    boolean peerPass() {
        return peer.isPresent() && peerReached;
    }

    public boolean isolationPass() {
        return reached.isEmpty();
    }

    boolean pass() {
        return dhcpPass() && gateway && peerPass() && isolationPass() && metadataPass() && dnsPass() && spoofPass();
    }
}
