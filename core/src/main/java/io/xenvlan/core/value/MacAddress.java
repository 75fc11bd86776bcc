package io.xenvlan.core.value;

import io.xenvlan.core.error.InvalidInputException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** A 48-bit Ethernet MAC address in lower-case colon notation. */
public record MacAddress(long bits) {
    /** nova's locally administered prefix; every MAC xenvlan generates starts with it. */
    public static final long XENVLAN_PREFIX = 0xfa163eL;

    public MacAddress {
        if (bits < 0 || bits > 0xffff_ffff_ffffL) {
            throw new InvalidInputException("mac", "range", "mac: not a 48-bit value");
        }
    }

    /** @throws InvalidInputException unless six hex pairs separated by colons */
    public static MacAddress parse(String field, String text) {
        if (text == null || !text.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
            throw new InvalidInputException(field, "mac", field + ": '" + text + "' is not a MAC address (six hex pairs, e.g. fa:16:3e:00:00:01)");
        }
        return new MacAddress(HexFormat.fromHexDigitsToLong(text.replace(":", "").toLowerCase(Locale.ROOT)));
    }

    public static MacAddress parse(String text) {
        return parse("mac", text);
    }

    /** A random MAC under the {@code fa:16:3e} prefix. */
    public static MacAddress random(RandomGenerator random) {
        return new MacAddress(XENVLAN_PREFIX << 24 | random.nextInt(1 << 24));
    }

    public boolean hasXenvlanPrefix() {
        return bits >>> 24 == XENVLAN_PREFIX;
    }

    @Override
    public String toString() {
        String hex = String.format("%012x", bits);
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }
}
