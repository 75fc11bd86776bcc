package io.xenvlan.sim.ovs;

import java.util.Objects;

/**
 * The Open vSwitch bridge the hosts' trunk NICs are cabled to: the physical switch of the
 * simulated pool, and the network node's trunk bridge (the node puts an access port per VLAN
 * on it). Its ovs-vswitchd runs in {@code namespace}; the switch side of each cable is created
 * there.
 *
 * @param namespace the namespace holding ovs-vswitchd, the bridge and the switch side of every cable
 * @param ovsDb     the switch's database, for {@code ovs-vsctl --db=} (a network node's {@code --ovs-db})
 * @param bridge    the bridge (a network node's {@code --trunk-bridge})
 */
public record TrunkSwitch(String namespace, String ovsDb, String bridge) {

    public TrunkSwitch {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ovsDb, "ovsDb");
        Objects.requireNonNull(bridge, "bridge");
    }
}
