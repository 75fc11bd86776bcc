package io.xenvlan.core.value;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A network's own DNS domain ({@code network create --dns-domain}): dot-separated labels of 1-63
 * characters a-z 0-9 '-', none starting or ending with '-', at most 253 characters in all, kept in
 * lower case. It reaches dnsmasq's command line and hosts files, so nothing else gets through.
 */
public record DnsDomain(String value) {
    static final int MAX_LENGTH = 253;
    private static final Pattern RULE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public DnsDomain {
        Names.require("dns_domain", value, RULE, "dns-name",
                "is not a DNS domain (dot-separated labels of 1-63 characters a-z 0-9 -, not starting or ending with -)");
        if (value.length() > MAX_LENGTH) {
            throw new io.xenvlan.core.error.InvalidInputException("dns_domain", "max-length",
                    "dns_domain: must be at most " + MAX_LENGTH + " characters, got " + value.length());
        }
    }

    /** {@code text} lower-cased (DNS names are case-insensitive), then checked. */
    public static DnsDomain parse(String text) {
        return new DnsDomain(text == null ? null : text.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}
