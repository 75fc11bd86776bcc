package io.xenvlan.core.hypervisor;

import java.util.Objects;

/**
 * One difference between xenvlan's store and a pool.
 *
 * @param network    the network's bridge name (= the XenAPI name_label), or "" when unknown
 * @param host       the host concerned, or "" for the whole pool (VIF items name VM and VIF in the detail)
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
        ORPHAN_NETWORK,
        /** A VIF xenvlan made (tagged with its VIF uuid and deployment) that the store does not know. */
        ORPHAN_VIF,
        /** A VIF the store records as attached that the pool does not have. */
        VIF_MISSING,
        /** A VIF of xenvlan whose MAC or locking on the pool differs from what the store records. */
        VIF_MISMATCH,
        /** Two VIFs on one network of the pool with one MAC. */
        DUPLICATE_MAC,
        /** Two VIFs on one network of the pool with one address. */
        DUPLICATE_ADDRESS,
        /** An address allocated to a VM of the pool that no VIF of xenvlan holds, in the store or in the pool. */
        LEAKED_ADDRESS,
        /** An attach or detach that a process which is gone left half done. */
        UNFINISHED_OPERATION,
        /** The pool could not be audited (unreachable, refused the login ...); the detail says why. */
        POOL_UNREACHABLE
    }

    /** The item an audit of every pool reports for a pool it could not audit, before it goes on. */
    public static Drift unreachable(PoolName pool, String why) {
        return new Drift(Kind.POOL_UNREACHABLE, pool, "", "", why, false);
    }

    public Drift {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(detail, "detail");
    }
}
