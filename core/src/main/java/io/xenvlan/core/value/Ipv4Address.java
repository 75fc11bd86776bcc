package io.xenvlan.core.value;

import io.xenvlan.core.error.InvalidInputException;

/** An IPv4 address held as its 32-bit value. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    /**
     * Parses dotted-quad notation, strictly: four decimal octets 0..255, no leading zeros.
     * @throws InvalidInputException naming {@code field} when the text is not an IPv4 address
     */
    public static Ipv4Address parse(String field, String text) {
        if (text == null) {
            throw new InvalidInputException(field, "required", field + ": an IPv4 address is required");
        }
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw malformed(field, text);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw malformed(field, text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw malformed(field, text);
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    public static Ipv4Address parse(String text) {
        return parse("address", text);
    }

    private static InvalidInputException malformed(String field, String text) {
        return new InvalidInputException(field, "ipv4",
                field + ": '" + text + "' is not an IPv4 address (four decimal octets 0-255)");
    }

    /** Unsigned value, handy for arithmetic and ordering. */
    public long unsigned() {
        return Integer.toUnsignedLong(bits);
    }

    public Ipv4Address plus(long offset) {
        return new Ipv4Address((int) (unsigned() + offset));
    }

    /** True for 10/8, 172.16/12 and 192.168/16. */
    public boolean isPrivate() {
        long v = unsigned();
        return (v >>> 24) == 10 || (v >>> 20) == (172L << 4 | 1) || (v >>> 16) == (192L << 8 | 168);
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return ((bits >>> 24) & 0xff) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
