package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.HostEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * dnsmasq's {@code --dhcp-hostsfile}: one {@code mac,hostname,ip} line per reservation. Every
 * field is a validated value (MAC, one DNS label of at most 63 characters, IPv4 address), so no
 * input can add an option or a line of its own. An instance holds the entries a dnsmasq serves,
 * sorted by address, with their rendered lines: the next set of entries is compared in one merge
 * walk and only new or changed entries are rendered, so a storm does not re-render thousands of
 * lines per publication.
 */
final class HostsFile {
    private static final Comparator<HostEntry> BY_ADDRESS = Comparator.comparing(HostEntry::address);

    private final List<HostEntry> entries;
    private final List<String> lines;

    private HostsFile(List<HostEntry> entries, List<String> lines) {
        this.entries = entries;
        this.lines = lines;
    }

    static HostsFile empty() {
        return new HostsFile(List.of(), List.of());
    }

    /** The file's text for {@code entries} (any order). */
    static String render(List<HostEntry> entries) {
        return empty().next(entries).file().text();
    }

    private static String line(HostEntry e) {
        return e.mac() + "," + e.hostname().value() + "," + e.address() + "\n";
    }

    /**
     * What publishing {@code next} changes: the new file, the entries it no longer holds (their
     * leases go), the lines of entries new or changed, whether anything changed.
     */
    record Change(HostsFile file, List<HostEntry> removed, List<String> added, boolean changed) {}

    Change next(List<HostEntry> next) {
        List<HostEntry> sorted = sortedByAddress(next);
        List<String> nextLines = new ArrayList<>(sorted.size());
        List<HostEntry> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int i = 0;
        for (HostEntry n : sorted) {
            while (i < entries.size() && entries.get(i).address().compareTo(n.address()) < 0) {
                removed.add(entries.get(i++));
            }
            if (i < entries.size() && entries.get(i).address().equals(n.address())) {
                HostEntry old = entries.get(i);
                String oldLine = lines.get(i++);
                if (old.equals(n)) {
                    nextLines.add(oldLine);
                    continue;
                }
                removed.add(old); // the address now belongs to another MAC or name: the old lease must go
            }
            String line = line(n);
            nextLines.add(line);
            added.add(line);
        }
        while (i < entries.size()) {
            removed.add(entries.get(i++));
        }
        return new Change(new HostsFile(sorted, nextLines), removed, added, !added.isEmpty() || !removed.isEmpty());
    }

    String text() {
        int length = 0;
        for (String l : lines) {
            length += l.length();
        }
        StringBuilder sb = new StringBuilder(length);
        lines.forEach(sb::append);
        return sb.toString();
    }

    List<HostEntry> entries() {
        return entries;
    }

    private static List<HostEntry> sortedByAddress(List<HostEntry> hosts) {
        for (int k = 1; k < hosts.size(); k++) {
            if (hosts.get(k - 1).address().compareTo(hosts.get(k).address()) > 0) {
                List<HostEntry> copy = new ArrayList<>(hosts);
                copy.sort(BY_ADDRESS);
                return List.copyOf(copy);
            }
        }
        return List.copyOf(hosts);
    }
}
