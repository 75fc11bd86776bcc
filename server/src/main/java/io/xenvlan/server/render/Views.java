package io.xenvlan.server.render;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Optional;

/** The views (JSON shapes) and table rows of the VLAN manager's records. */
public final class Views {
    private Views() {}

    public static NetworkView network(Network n) {
        return new NetworkView(n.id(), n.uuid().toString(), n.label().value(), n.cidr().toString(), n.netmask().toString(),
                n.gateway().toString(), n.broadcast().toString(), n.dhcpServer().toString(), n.dhcpStart().toString(), text(n.dns1()),
                text(n.dns2()), text(n.dnsDomain()), n.vlan().value(), n.bridge().value(), n.bridgeInterface().value(), n.mtu(),
                text(n.project()), n.host().orElse(null), null);
    }

    public static List<NetworkView> networks(List<Network> networks) {
        return networks.stream().map(Views::network).toList();
    }

    public static Table networkTable(List<NetworkView> networks) {
        Table t = new Table("ID", "LABEL", "CIDR", "VLAN", "BRIDGE", "GATEWAY", "DHCP SERVER", "DHCP START", "PROJECT", "HOST", "DNS DOMAIN");
        for (NetworkView n : networks) {
            t.row(n.id(), n.label(), n.cidr(), n.vlan(), n.bridge(), n.gateway(), n.dhcpServer(), n.dhcpStart(), n.project(), n.host(),
                    n.dnsDomain());
        }
        return t;
    }

    /**
     * What {@code network show} prints: one field of its JSON a line, its usage left out (a local command has none).
     * Written out rather than read through Jackson, which a local command's table does not load (start-up time).
     */
    public static Table networkDetails(NetworkView n) {
        return new Table("FIELD", "VALUE").row("id", n.id()).row("uuid", n.uuid()).row("label", n.label()).row("cidr", n.cidr())
                .row("netmask", n.netmask()).row("gateway", n.gateway()).row("broadcast", n.broadcast()).row("dhcp_server", n.dhcpServer())
                .row("dhcp_start", n.dhcpStart()).row("dns1", n.dns1()).row("dns2", n.dns2()).row("dns_domain", n.dnsDomain())
                .row("vlan", n.vlan()).row("bridge", n.bridge()).row("bridge_interface", n.bridgeInterface()).row("mtu", n.mtu())
                .row("project", n.project()).row("host", n.host());
    }

    public static FixedIpView fixedIp(FixedIp ip) {
        return new FixedIpView(ip.address().toString(), ip.networkId(), ip.state(), ip.allocated(), ip.leased(), ip.reserved(),
                text(ip.instance()), text(ip.mac()), text(ip.releasedAt()));
    }

    public static List<FixedIpView> fixedIps(List<FixedIp> ips) {
        return ips.stream().map(Views::fixedIp).toList();
    }

    public static Table fixedIpTable(List<FixedIpView> ips) {
        Table t = new Table("ADDRESS", "NETWORK", "STATE", "INSTANCE", "MAC", "RELEASED AT");
        for (FixedIpView ip : ips) {
            t.row(ip.address(), ip.networkId(), ip.state(), ip.instance(), ip.allocated() ? ip.mac() : null, ip.releasedAt());
        }
        return t;
    }

    public static AllocationView allocation(Allocation a) {
        Network n = a.network();
        return new AllocationView(a.address().toString(), a.mac().toString(), a.instance().value(), a.vifId(), a.vifUuid().toString(),
                n.label().value(), n.id(), n.vlan().value(), n.bridge().value(), n.gateway().toString(), n.netmask().toString(),
                text(n.project()));
    }

    public static Table allocationTable(List<AllocationView> allocations) {
        Table t = new Table("ADDRESS", "MAC", "INSTANCE", "PROJECT", "NETWORK", "VLAN", "BRIDGE", "GATEWAY");
        for (AllocationView a : allocations) {
            t.row(a.address(), a.mac(), a.instance(), a.project(), a.network(), a.vlan(), a.bridge(), a.gateway());
        }
        return t;
    }

    private static String text(Optional<?> value) {
        return value.map(Object::toString).orElse(null);
    }
}
