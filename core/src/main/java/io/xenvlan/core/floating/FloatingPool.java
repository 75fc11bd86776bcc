package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool of public addresses ({@code floating create --range CIDR --pool NAME [--interface IF]}).
 * Its usable addresses are the range without network and broadcast address (nova's
 * {@code iter_hosts}); a /31 or /32 uses every address.
 *
 * @param iface the public interface its addresses go on; empty: the node's {@code netnode.public-interface}
 */
public record FloatingPool(FloatingPoolName name, Cidr range, Optional<InterfaceName> iface) {
    /** The largest pool: a /16. */
    static final long MAX_ADDRESSES = 65_536;

    public FloatingPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(iface, "iface");
        if (range.size() > MAX_ADDRESSES) {
            throw new InvalidInputException("range", "max-size", "range: " + range + " holds " + range.size()
                    + " addresses; a pool holds at most 65,536 (a /16)");
        }
    }

    /**
     * Validates what a user typed.
     * @throws InvalidInputException naming {@code range}, {@code pool} or {@code interface}
     */
    public static FloatingPool parse(String name, String range, Optional<String> iface) {
        return new FloatingPool(FloatingPoolName.of(name), Cidr.parse("range", range),
                iface.map(i -> InterfaceName.of("interface", i)));
    }

    public Ipv4Address firstUsable() {
        return range.prefix() >= 31 ? range.network() : range.network().plus(1);
    }

    public Ipv4Address lastUsable() {
        return range.prefix() >= 31 ? range.broadcast() : range.broadcast().plus(-1);
    }

    /** How many addresses the pool hands out. */
    public long usable() {
        return lastUsable().unsigned() - firstUsable().unsigned() + 1;
    }

    boolean contains(Ipv4Address address) {
        return address.compareTo(firstUsable()) >= 0 && address.compareTo(lastUsable()) <= 0;
    }
}
