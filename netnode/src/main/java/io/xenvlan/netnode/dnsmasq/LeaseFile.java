package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.error.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * dnsmasq's lease file ({@code <expiry epoch s> <mac> <ip> <hostname|*> <client id|*>} per line),
 * seeded at start so a restarted dnsmasq still knows the leases it gave and does not NAK them.
 */
final class LeaseFile {
    private LeaseFile() {}

    static String render(List<ActiveLease> leases) {
        StringBuilder sb = new StringBuilder();
        for (ActiveLease l : leases) {
            sb.append(l.expires().getEpochSecond()).append(' ').append(l.mac()).append(' ').append(l.address())
                    .append(' ').append(l.hostname().value()).append(" *\n");
        }
        return sb.toString();
    }

    /** The lines dnsmasq wrote; lines that do not parse (IPv6 duid lines, garbage) are skipped. */
    static List<ActiveLease> parse(String text) {
        List<ActiveLease> leases = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 4 || !f[0].matches("[0-9]{1,12}")) {
                continue;
            }
            try {
                Hostname name = f[3].equals("*") ? Hostname.sanitize("host") : Hostname.sanitize(f[3]);
                leases.add(new ActiveLease(MacAddress.parse(f[1]), Ipv4Address.parse(f[2]), name,
                        Instant.ofEpochSecond(Long.parseLong(f[0]))));
            } catch (InvalidInputException e) {
                // not an IPv4 lease line of ours: leave it out
            }
        }
        return leases;
    }

    /**
     * The seed: leases of the store and of the previous lease file whose MAC and address are
     * still reserved; for one MAC the later expiry wins.
     */
    static List<ActiveLease> seed(List<ActiveLease> fromStore, List<ActiveLease> fromFile, List<HostEntry> hosts) {
        Set<String> reserved = hosts.stream().map(h -> h.mac() + " " + h.address()).collect(Collectors.toSet());
        Map<MacAddress, ActiveLease> byMac = new LinkedHashMap<>();
        for (List<ActiveLease> source : List.of(fromStore, fromFile)) {
            for (ActiveLease l : source) {
                if (reserved.contains(l.mac() + " " + l.address())) {
                    byMac.merge(l.mac(), l, (a, b) -> a.expires().isAfter(b.expires()) ? a : b);
                }
            }
        }
        return List.copyOf(byMac.values());
    }
}
