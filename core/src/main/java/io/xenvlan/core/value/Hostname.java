package io.xenvlan.core.value;

import java.util.Locale;

/**
 * A DHCP host name as dnsmasq accepts it: one DNS label, 1..63 of a-z 0-9 '-', not starting or
 * ending with '-'. {@link #sanitize} turns any instance name into one.
 */
public record Hostname(String value) {
    public Hostname {
        if (value == null || !value.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new io.xenvlan.core.error.InvalidInputException("hostname", "dns-label",
                    "hostname: must be one DNS label of 1-63 characters a-z 0-9 -");
        }
    }

    /** Lower-cases, maps every other character to '-', trims dashes, cuts to 63; "host" if nothing is left. */
    public static Hostname sanitize(String name) {
        String s = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        s = s.replaceAll("^-+", "");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        s = s.replaceAll("-+$", "");
        return new Hostname(s.isEmpty() ? "host" : s);
    }

    @Override
    public String toString() {
        return value;
    }
}
