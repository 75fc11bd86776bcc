package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.HostEntry;
import java.util.List;

/**
 * dnsmasq's {@code --dhcp-hostsfile}: one {@code mac,hostname,ip} line per reservation. Every
 * field is a validated value (MAC, one DNS label of at most 63 characters, IPv4 address), so no
 * input can add an option or a line of its own.
 */
final class HostsFile {
    private HostsFile() {}

    static String render(List<HostEntry> entries) {
        StringBuilder sb = new StringBuilder(entries.size() * 48);
        for (HostEntry e : entries) {
            sb.append(e.mac()).append(',').append(e.hostname().value()).append(',').append(e.address()).append('\n');
        }
        return sb.toString();
    }
}
