package io.xenvlan.xenapi.client;

import java.util.Objects;

/**
 * A typed XenAPI object reference ({@code OpaqueRef:<uuid>}). The type parameter is the record
 * class the ref points at ({@code Ref<NetworkRecord>}), so a VIF ref cannot be passed where a
 * network is expected. Refs are opaque: compare them, never parse them.
 *
 * @param value the ref exactly as the pool sent it
 */
public record Ref<T>(String value) {
    private static final String NULL_VALUE = "OpaqueRef:NULL";

    public Ref {
        Objects.requireNonNull(value, "value");
    }

    /** Wraps a ref string received from the pool or read from the store. */
    public static <T> Ref<T> of(String value) {
        return new Ref<>(value);
    }

    /** The null ref {@code OpaqueRef:NULL} that XenAPI uses for "no object". */
    static <T> Ref<T> nullRef() {
        return new Ref<>(NULL_VALUE);
    }

    /** True for {@code OpaqueRef:NULL} and the empty string. */
    public boolean isNull() {
        return value.isEmpty() || NULL_VALUE.equals(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
