package io.xenvlan.core.hypervisor;

import java.util.Locale;

/**
 * Where one of xenvlan's VIFs is in its life. A VIF is recorded {@link #ATTACHING} before the
 * pool is touched and becomes {@link #ATTACHED} once it is on the pool; {@link #DETACHING}
 * before it is taken off. Anything not attached is unfinished: recovery takes the VIF off the
 * pool and releases its address.
 */
public enum VifState {
    ATTACHING, ATTACHED, DETACHING;

    /** The name stored in the database. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VifState parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
