package io.xenvlan.sim;

import java.util.List;
import java.util.Objects;

/**
 * How the host's switch filters what a VIF sends, as xapi hands it to the host: the VIF's
 * {@code locking_mode} with {@code network_default} already replaced by its network's
 * {@code default_locking_mode} (xapi_xenops does the same before it calls the host).
 *
 * @param mode        {@code locked} (only the VIF's MAC and the allowed addresses pass),
 *                    {@code unlocked} (everything passes) or {@code disabled} (nothing passes)
 * @param ipv4Allowed with {@code locked}: the IPv4 addresses (or CIDRs) the VM may send from
 * @param ipv6Allowed with {@code locked}: the IPv6 addresses the VM may send from
 */
public record VifLocking(String mode, List<String> ipv4Allowed, List<String> ipv6Allowed) {
    public static final String LOCKED = "locked";
    public static final String UNLOCKED = "unlocked";
    public static final String DISABLED = "disabled";

    /** Everything passes: what a VIF on a network with xapi's default gets. */
    static final VifLocking OPEN = new VifLocking(UNLOCKED, List.of(), List.of());

    public VifLocking {
        Objects.requireNonNull(mode, "mode");
        if (!List.of(LOCKED, UNLOCKED, DISABLED).contains(mode)) {
            throw new IllegalArgumentException("not an effective locking mode: " + mode);
        }
        ipv4Allowed = List.copyOf(ipv4Allowed);
        ipv6Allowed = List.copyOf(ipv6Allowed);
    }

    public boolean locked() {
        return mode.equals(LOCKED);
    }

    public boolean disabled() {
        return mode.equals(DISABLED);
    }
}
