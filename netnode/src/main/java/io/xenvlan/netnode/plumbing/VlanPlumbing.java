package io.xenvlan.netnode.plumbing;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.NodeFinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Puts the network node's legs on the VLAN trunk; one implementation per switching backend. Work
 * on many networks costs a few processes, not a few per network: the state is read in one listing
 * per tool ({@link #read}), changes go in batches, and each network's leg is checked against the
 * state read back afterwards.
 */
public interface VlanPlumbing {

    /**
     * Checks what the backend needs and prepares the trunk (idempotent).
     *
     * @throws BackendFailureException saying plainly what is missing
     */
    void start();

    /**
     * Makes each network's leg exist on its VLAN, up, with the network's MTU and its gateway and
     * DHCP server addresses (idempotent), in batches.
     *
     * @return what is still wrong, by network id, once done (empty: every leg is right)
     */
    Map<Long, String> ensureLegs(List<Network> networks);

    /** The interfaces as they are now, in one listing per tool (queries only). */
    PlumbingState read();

    /**
     * What {@link #ensureLegs} would put right on the network's leg in {@code state}: the leg
     * missing or off its VLAN, down, or without its addresses.
     */
    List<NodeFinding> check(Network network, PlumbingState state);

    /** What is wrong in {@code state} with what all the legs share (the node's own rules); nothing by default. */
    default List<NodeFinding> checkNode(PlumbingState state) {
        return List.of();
    }

    /** Puts back what all the legs share ({@link #checkNode}); idempotent. */
    default void ensureNode() {
    }

    /** Ends what the plumbing keeps running for its reads (legs and rules stay); a later read starts it again. */
    default void close() {
    }

    /** The interface the network's DHCP server serves on, without touching anything. */
    InterfaceName legName(Network network);

    /** Removes the networks' legs, in batches; nothing happens for a leg already gone. */
    void removeLegs(List<Network> networks);

    /**
     * One network's leg ({@link #ensureLegs}).
     *
     * @return the interface the DHCP server serves on
     * @throws BackendFailureException saying what is still wrong with it
     */
    default InterfaceName ensureLeg(Network network) {
        String wrong = ensureLegs(List.of(network)).get(network.id());
        if (wrong != null) {
            throw new BackendFailureException("netnode", "LEG_FAILED", List.of(Long.toString(network.id()), wrong),
                    "cannot make the leg of network " + network.id() + " (vlan " + network.vlan() + "): " + wrong, null);
        }
        return legName(network);
    }

    /** What is wrong with one network's leg now ({@link #read} then {@link #check}). */
    default List<NodeFinding> check(Network network) {
        return check(network, read());
    }

    default void removeLeg(Network network) {
        removeLegs(List.of(network));
    }

    /** The findings of {@code networks} in {@code state}, as one line per network that has any. */
    default Map<Long, String> wrong(List<Network> networks, PlumbingState state) {
        return networks.stream().collect(Collectors.toMap(Network::id, n -> check(n, state).stream().map(NodeFinding::detail)
                .collect(Collectors.joining("; ")))).entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
