package io.xenvlan.core.hypervisor;

import java.util.Objects;

/**
 * One difference between xenvlan's store and a pool.
 *
 * @param network    the network's bridge name (= the XenAPI name_label)
 * @param host       the host concerned, or "" for the whole pool
 * @param repairable whether {@link ComputeAudit#repair} fixes it (xenvlan's own objects only)
 */
public record Drift(Kind kind, PoolName pool, String network, String host, String detail, boolean repairable) {
    public enum Kind {
        /** The recorded network is gone from the pool. */
        NETWORK_MISSING,
        /** A host has no PIF on the network (e.g. it joined later). */
        VLAN_PIF_MISSING,
        /** A host's PIF on the network carries another tag. */
        WRONG_TAG,
        /** Another network on the pool has the same name_label. */
        DUPLICATE_NETWORK,
        /** A network tagged with a xenvlan network id the store does not know. */
        ORPHAN_NETWORK
    }

    public Drift {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(detail, "detail");
    }
}
