package io.xenvlan.core.value;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DHCP host name as dnsmasq accepts it: one DNS label, 1..63 of a-z 0-9 '-', not starting or
 * ending with '-'. {@link #sanitize} turns any instance name into one.
 */
public record Hostname(String value) {
    // compiled once: the network node sanitises every host entry it reads
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern OTHER = Pattern.compile("[^a-z0-9-]");
    private static final Pattern LEADING = Pattern.compile("^-+");
    private static final Pattern TRAILING = Pattern.compile("-+$");

    public Hostname {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw new io.xenvlan.core.error.InvalidInputException("hostname", "dns-label",
                    "hostname: must be one DNS label of 1-63 characters a-z 0-9 -");
        }
    }

    /** Lower-cases, maps every other character to '-', trims dashes, cuts to 63; "host" if nothing is left. */
    public static Hostname sanitize(String name) {
        return reduce(name).orElseGet(() -> new Hostname("host"));
    }

    /** As {@link #sanitize}, but empty when nothing of {@code name} is left (a blank name, or one of symbols only). */
    public static Optional<Hostname> reduce(String name) {
        String s = name == null ? "" : OTHER.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
        s = LEADING.matcher(s).replaceAll("");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        s = TRAILING.matcher(s).replaceAll("");
        return s.isEmpty() ? Optional.empty() : Optional.of(new Hostname(s));
    }

    @Override
    public String toString() {
        return value;
    }
}
