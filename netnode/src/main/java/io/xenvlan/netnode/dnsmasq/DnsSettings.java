package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How each network's dnsmasq answers DNS on its leg: the VMs' host names in the network's domain
 * (its own, {@code network create --dns-domain}, else {@code <label>.<domain suffix>}, the label made
 * one DNS label), forward and reverse, and other
 * names forwarded to {@code upstreams} (none: only the network's own names resolve, anything else
 * is refused).
 */
public record DnsSettings(String domainSuffix, List<Ipv4Address> upstreams) {
    public static final String DEFAULT_SUFFIX = "xenvlan.internal";
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    /** @throws InvalidInputException naming {@code dns-domain} or {@code dns-upstream} */
    public DnsSettings {
        if (domainSuffix == null || domainSuffix.length() > 180 || !NAME.matcher(domainSuffix).matches()) {
            throw new InvalidInputException("dns-domain", "dns-name",
                    "dns-domain: must be a DNS name of lower-case labels (a-z 0-9 -) of at most 180 characters");
        }
        upstreams = List.copyOf(upstreams);
        if (upstreams.size() > 4) {
            throw new InvalidInputException("dns-upstream", "max-count", "dns-upstream: at most 4 servers");
        }
    }

    /** Suffix {@code xenvlan.internal}, no upstream. */
    public static DnsSettings defaults() {
        return new DnsSettings(DEFAULT_SUFFIX, List.of());
    }

    /**
     * The network's domain: its own when it has one, else its label as one DNS label, then the
     * suffix ({@code tenant-1.xenvlan.internal}). dnsmasq's {@code --domain} (so also DHCP option 15),
     * {@code --local} and the names of its hosts files all come from here.
     */
    public String domainOf(Network network) {
        return network.dnsDomain().map(DnsDomain::value)
                .orElseGet(() -> Hostname.sanitize(network.label().value()).value() + "." + domainSuffix);
    }
}
