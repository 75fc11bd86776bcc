package io.xenvlan.core.value;

import java.util.regex.Pattern;

/**
 * A Linux network interface name safe to hand to {@code ip} and {@code ovs-vsctl}: 1..15
 * characters of letters, digits, '.', '_' and '-', not starting with '-' or '.'.
 */
public record InterfaceName(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");

    public InterfaceName {
        Names.require("interface", value, RULE, "linux-ifname",
                "is not a Linux interface name (1-15 of A-Z a-z 0-9 _ . -, not starting with . or -)");
    }

    /** @throws io.xenvlan.core.error.InvalidInputException naming {@code field} */
    public static InterfaceName of(String field, String value) {
        Names.require(field, value, RULE, "linux-ifname",
                "is not a Linux interface name (1-15 of A-Z a-z 0-9 _ . -, not starting with . or -)");
        return new InterfaceName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
