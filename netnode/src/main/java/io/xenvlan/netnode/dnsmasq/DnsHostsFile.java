package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.HostEntry;
import java.util.Collection;

/**
 * dnsmasq's {@code --addn-hosts} file (and the files of its {@code --hostsdir}): one
 * {@code address name.domain name} line per VM, so its name resolves forward and reverse from the
 * moment its entry is published, lease or not. Names are validated host names and the domain a
 * validated DNS name, so no input can add a line of its own.
 */
final class DnsHostsFile {
    private DnsHostsFile() {}

    static String render(Collection<HostEntry> entries, String domain) {
        StringBuilder sb = new StringBuilder(entries.size() * 64);
        for (HostEntry e : entries) {
            sb.append(e.address()).append(' ').append(e.hostname().value()).append('.').append(domain).append(' ')
                    .append(e.hostname().value()).append('\n');
        }
        return sb.toString();
    }
}
