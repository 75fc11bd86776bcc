package io.xenvlan.netnode;

import io.xenvlan.core.network.Network;
import java.util.Objects;

/**
 * One thing the node's self-check found wrong with a network it serves: what kind of fault, on
 * which network (id and VLAN), and the detail an operator reads in the log.
 */
public record NodeFinding(Kind kind, long network, int vlan, String detail) {

    /** The faults the check looks for; each is put right by re-running that network's idempotent ensure steps. */
    public enum Kind {
        /** The leg (OVS access port or veth end, or linuxbridge vlan device / bridge) is gone or out of its bridge. */
        LEG_MISSING,
        /** The OVS access port carries another VLAN tag than the network's. */
        WRONG_TAG,
        /** The leg (or its switch-side end) is administratively down. */
        LEG_DOWN,
        /** The leg lacks the gateway or DHCP server address. */
        ADDRESS_MISSING,
        /** The gateway's share of the node's packet rules for the network (or the node's table) is not in place. */
        GATEWAY_RULE_MISSING,
        /** A rule of a leg service (the metadata service's DNAT or guard) is not in place. */
        SERVICE_RULE_MISSING,
        /** The network's dnsmasq is not running. */
        DNSMASQ_DOWN,
        /** A file the network's dnsmasq reads (hosts, options, hosts directory, lease script) is gone. */
        DNSMASQ_FILES_MISSING
    }

    public NodeFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public static NodeFinding of(Kind kind, Network network, String detail) {
        return new NodeFinding(kind, network.id(), network.vlan().value(), detail);
    }

    /** A fault of the node as a whole (its packet rules' table), not of one network: network and VLAN 0. */
    public static NodeFinding ofNode(Kind kind, String detail) {
        return new NodeFinding(kind, 0, 0, detail);
    }

    /** Whether this finding is about the node as a whole. */
    boolean nodeWide() {
        return network == 0;
    }
}
