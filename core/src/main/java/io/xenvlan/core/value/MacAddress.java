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
    static MacAddress random(RandomGenerator random) {
        return new MacAddress(XENVLAN_PREFIX << 24 | random.nextInt(1 << 24));
    }

    public boolean hasXenvlanPrefix() {
        return bits >>> 24 == XENVLAN_PREFIX;
    }

    @Override
    public String toString() {
        // by hand, not String.format: the network node renders a MAC per host entry it publishes
        char[] c = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (bits >>> (40 - 8 * i)) & 0xff;
            c[i * 3] = Character.forDigit(octet >>> 4, 16);
            c[i * 3 + 1] = Character.forDigit(octet & 0xf, 16);
            if (i < 5) {
                c[i * 3 + 2] = ':';
            }
        }
        return new String(c);
    }
}
