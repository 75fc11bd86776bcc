package io.xenvlan.xenapi.client;

import java.util.Locale;

/** A VM's power state; {@code UNRECOGNIZED} for a value this client does not know. */
public enum VmPowerState {
    HALTED, PAUSED, RUNNING, SUSPENDED, UNRECOGNIZED;

    static VmPowerState fromWire(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNRECOGNIZED;
        }
    }

    /** The XenAPI spelling, e.g. {@code Running}. */
    public String wireName() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
