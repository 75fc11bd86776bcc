package io.xenvlan.netnode;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Locale;

/** How the node puts its legs on the VLAN trunk. */
public enum NetnodeDriver {
    /** An Open vSwitch bridge (userspace datapath) holding the trunk NIC; one tagged access port per network. */
    OVS,
    /** nova's way: {@code vlan<N>} on the trunk NIC enslaved to bridge {@code br<N>}; needs 802.1Q in the kernel. */
    LINUXBRIDGE;

    /** @throws InvalidInputException naming {@code netnode-driver} unless "ovs" or "linuxbridge" */
    public static NetnodeDriver parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "ovs" -> OVS;
            case "linuxbridge" -> LINUXBRIDGE;
            default -> throw new InvalidInputException("netnode-driver", "one-of",
                    "netnode-driver: must be ovs or linuxbridge, got '" + (t.length() > 40 ? t.substring(0, 40) : t) + "'");
        };
    }
}
