package io.xenvlan.core.value;

import io.xenvlan.core.error.InvalidInputException;

/** An IPv4 network in CIDR notation with no host bits set, e.g. {@code 10.0.0.0/16}. */
public record Cidr(Ipv4Address network, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new InvalidInputException("cidr", "prefix", "cidr: prefix must be 0..32, got " + prefix);
        }
        if ((network.bits() & ~mask(prefix)) != 0) {
            throw new InvalidInputException("cidr", "host-bits",
                    "cidr: " + network + "/" + prefix + " has host bits set (did you mean "
                            + new Ipv4Address(network.bits() & mask(prefix)) + "/" + prefix + "?)");
        }
    }

    /** @throws InvalidInputException naming {@code field} for malformed text or host bits */
    public static Cidr parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, "required", field + ": a CIDR such as 10.0.0.0/16 is required");
        }
        int slash = text.indexOf('/');
        String prefixText = slash < 0 ? "" : text.substring(slash + 1).trim();
        if (slash < 0 || prefixText.isEmpty() || prefixText.length() > 2 || !prefixText.chars().allMatch(Character::isDigit)) {
            throw new InvalidInputException(field, "cidr", field + ": '" + text + "' is not a CIDR (address/prefix, e.g. 10.0.0.0/16)");
        }
        Ipv4Address address = Ipv4Address.parse(field, text.substring(0, slash));
        int prefix = Integer.parseInt(prefixText);
        if (prefix > 32) {
            throw new InvalidInputException(field, "prefix", field + ": prefix must be 0..32, got " + prefix);
        }
        if ((address.bits() & ~mask(prefix)) != 0) {
            throw new InvalidInputException(field, "host-bits", field + ": '" + text + "' has host bits set (did you mean "
                    + new Ipv4Address(address.bits() & mask(prefix)) + "/" + prefix + "?)");
        }
        return new Cidr(address, prefix);
    }

    public static Cidr parse(String text) {
        return parse("cidr", text);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public Ipv4Address netmask() {
        return new Ipv4Address(mask(prefix));
    }

    /** Number of addresses, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public Ipv4Address broadcast() {
        return network.plus(size() - 1);
    }

    /** The address at {@code offset} from the network address. */
    public Ipv4Address address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " outside " + this);
        }
        return network.plus(offset);
    }

    public boolean contains(Ipv4Address a) {
        return (a.bits() & mask(prefix)) == network.bits();
    }

    public boolean overlaps(Cidr other) {
        int shorter = Math.min(prefix, other.prefix);
        return (network.bits() & mask(shorter)) == (other.network.bits() & mask(shorter));
    }

    /** The {@code index}-th subnet of {@code size} addresses (a power of two). */
    public Cidr subnet(long index, long subnetSize) {
        int subPrefix = 32 - Long.numberOfTrailingZeros(subnetSize);
        return new Cidr(network.plus(index * subnetSize), subPrefix);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
