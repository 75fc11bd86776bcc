package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.value.Ipv4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * dnsmasq's {@code --dhcp-hostsfile}: one {@code mac,hostname,ip} line per reservation. Every
 * field is a validated value (MAC, one DNS label of at most 63 characters, IPv4 address), so no
 * input can add an option or a line of its own. An instance holds the entries a dnsmasq serves,
 * by address, with their rendered lines; a change is computed from just the entries that changed
 * (or, from a full set, by one lookup per entry), so a publication during a storm costs what
 * changed, not what is served.
 */
final class HostsFile {
    private final TreeMap<Ipv4Address, Line> lines = new TreeMap<>();

    /** One entry and its line in the file. */
    record Line(HostEntry entry, String text) {
        static Line of(HostEntry e) {
            return new Line(e, e.mac() + "," + e.hostname().value() + "," + e.address() + "\n");
        }
    }

    /** What a publication changes: lines new or changed, entries gone or replaced (their leases go). */
    record Change(List<Line> added, List<HostEntry> removed) {
        boolean changed() {
            return !added.isEmpty() || !removed.isEmpty();
        }

        String addedText() {
            StringBuilder sb = new StringBuilder();
            added.forEach(l -> sb.append(l.text()));
            return sb.toString();
        }
    }

    /** The file's text for {@code entries} (any order). */
    static String render(List<HostEntry> entries) {
        HostsFile file = new HostsFile();
        file.apply(file.diff(entries));
        return file.text();
    }

    /** The change from what is held to exactly {@code next}. */
    Change diff(List<HostEntry> next) {
        Map<Ipv4Address, HostEntry> byAddress = new HashMap<>();
        next.forEach(e -> byAddress.put(e.address(), e));
        List<HostEntry> removed = new ArrayList<>();
        for (Line held : lines.values()) {
            if (!held.entry().equals(byAddress.get(held.entry().address()))) {
                removed.add(held.entry());
            }
        }
        List<Line> added = new ArrayList<>();
        for (HostEntry e : byAddress.values()) {
            Line held = lines.get(e.address());
            if (held == null || !held.entry().equals(e)) {
                added.add(Line.of(e));
            }
        }
        return new Change(added, removed);
    }

    /** The change of entries {@code upserted} (new, or replacing the entry of their address) and addresses {@code released}. */
    Change diff(List<HostEntry> upserted, List<Ipv4Address> released) {
        List<Line> added = new ArrayList<>();
        List<HostEntry> removed = new ArrayList<>();
        for (HostEntry e : upserted) {
            Line held = lines.get(e.address());
            if (held == null || !held.entry().equals(e)) {
                added.add(Line.of(e));
                if (held != null) {
                    removed.add(held.entry()); // the address now belongs to another MAC or name: the old lease must go
                }
            }
        }
        for (Ipv4Address a : released) {
            Line held = lines.get(a);
            if (held != null) {
                removed.add(held.entry());
            }
        }
        return new Change(added, removed);
    }

    void apply(Change change) {
        change.removed().forEach(e -> lines.remove(e.address()));
        change.added().forEach(l -> lines.put(l.entry().address(), l));
    }

    /** The whole file, lines in address order. */
    String text() {
        StringBuilder sb = new StringBuilder(lines.size() * 48);
        lines.values().forEach(l -> sb.append(l.text()));
        return sb.toString();
    }

    List<HostEntry> entries() {
        List<HostEntry> entries = new ArrayList<>(lines.size());
        lines.values().forEach(l -> entries.add(l.entry()));
        return entries;
    }
}
