package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * dnsmasq's {@code --dhcp-optsfile}: router (option 3), DNS servers (6: the network's dns1/dns2,
 * else the leg's own address, where dnsmasq answers DNS), MTU (26).
 */
final class OptsFile {
    private OptsFile() {}

    static String render(Network network) {
        StringBuilder sb = new StringBuilder();
        sb.append("3,").append(network.gateway()).append('\n');
        String dns = Stream.of(network.dns1(), network.dns2()).flatMap(Optional::stream).map(Ipv4Address::toString)
                .collect(Collectors.joining(","));
        sb.append("6,").append(dns.isEmpty() ? network.dhcpServer().toString() : dns).append('\n');
        sb.append("26,").append(network.mtu()).append('\n');
        return sb.toString();
    }
}
