package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.NodeFinding;
import java.util.List;

/** Puts the network node's legs on the VLAN trunk; one implementation per switching backend. */
public interface VlanPlumbing {

    /**
     * Checks what the backend needs and prepares the trunk (idempotent).
     *
     * @throws io.xenvlan.core.error.BackendFailureException saying plainly what is missing
     */
    void start();

    /**
     * Makes the network's leg exist on its VLAN, up, with the network's MTU and its gateway and
     * DHCP server addresses (idempotent).
     *
     * @return the interface the DHCP server serves on
     */
    InterfaceName ensureLeg(Network network);

    /**
     * What {@link #ensureLeg} would put right on the network's leg now, found without changing
     * anything: the leg missing or off its VLAN, down, or without its addresses.
     *
     * @throws io.xenvlan.core.error.BackendFailureException when the backend cannot be asked
     */
    List<NodeFinding> check(Network network);

    /** The interface {@link #ensureLeg} returns for this network, without touching anything. */
    InterfaceName legName(Network network);

    /** Removes the network's leg; nothing happens when it is already gone. */
    void removeLeg(Network network);
}
