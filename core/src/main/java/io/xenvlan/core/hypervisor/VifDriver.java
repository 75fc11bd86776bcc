package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Locale;

/**
 * How VIFs join a tenant network on a pool: {@code BRIDGE} plugs them into the VLAN network xenvlan
 * ensures on every host; {@code OPENVSWITCH} plugs them into the pool's integration network and
 * tags them with {@code nicira-iface-id} for an external controller, creating no VLANs.
 */
public enum VifDriver {
    BRIDGE, OPENVSWITCH;

    /** @throws InvalidInputException unless "bridge" or "openvswitch" */
    public static VifDriver parse(String text) {
        for (VifDriver driver : values()) {
            if (driver.wireName().equals(text)) {
                return driver;
            }
        }
        throw new InvalidInputException("vif_driver", "enum", "vif_driver: must be bridge or openvswitch, got " + text);
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
