package io.xenvlan.server.render;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON shapes (snake_case maps) and table rows of the VLAN manager's records. */
public final class Views {
    private Views() {}

    public static Map<String, Object> network(Network n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("uuid", n.uuid().toString());
        m.put("label", n.label().value());
        m.put("cidr", n.cidr().toString());
        m.put("netmask", n.netmask().toString());
        m.put("gateway", n.gateway().toString());
        m.put("broadcast", n.broadcast().toString());
        m.put("dhcp_server", n.dhcpServer().toString());
        m.put("dhcp_start", n.dhcpStart().toString());
        m.put("dns1", n.dns1().map(Object::toString).orElse(null));
        m.put("dns2", n.dns2().map(Object::toString).orElse(null));
        m.put("dns_domain", n.dnsDomain().map(Object::toString).orElse(null));
        m.put("vlan", n.vlan().value());
        m.put("bridge", n.bridge().value());
        m.put("bridge_interface", n.bridgeInterface().value());
        m.put("mtu", n.mtu());
        m.put("project", n.project().map(Object::toString).orElse(null));
        m.put("host", n.host().orElse(null));
        return m;
    }

    public static List<Map<String, Object>> networks(List<Network> networks) {
        return networks.stream().map(Views::network).toList();
    }

    public static Table networkTable(List<Network> networks) {
        Table t = new Table("ID", "LABEL", "CIDR", "VLAN", "BRIDGE", "GATEWAY", "DHCP SERVER", "DHCP START", "PROJECT", "HOST", "DNS DOMAIN");
        for (Network n : networks) {
            t.row(n.id(), n.label(), n.cidr(), n.vlan(), n.bridge(), n.gateway(), n.dhcpServer(), n.dhcpStart(),
                    n.project().orElse(null), n.host().orElse(null), n.dnsDomain().orElse(null));
        }
        return t;
    }

    public static Map<String, Object> fixedIp(FixedIp ip) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", ip.address().toString());
        m.put("network_id", ip.networkId());
        m.put("state", ip.state());
        m.put("allocated", ip.allocated());
        m.put("leased", ip.leased());
        m.put("reserved", ip.reserved());
        m.put("instance", ip.instance().map(Object::toString).orElse(null));
        m.put("mac", ip.mac().map(Object::toString).orElse(null));
        m.put("released_at", ip.releasedAt().map(Object::toString).orElse(null));
        return m;
    }

    public static List<Map<String, Object>> fixedIps(List<FixedIp> ips) {
        return ips.stream().map(Views::fixedIp).toList();
    }

    public static Table fixedIpTable(List<FixedIp> ips) {
        Table t = new Table("ADDRESS", "NETWORK", "STATE", "INSTANCE", "MAC", "RELEASED AT");
        for (FixedIp ip : ips) {
            t.row(ip.address(), ip.networkId(), ip.state(), ip.instance().orElse(null), ip.allocated() ? ip.mac().orElse(null) : null,
                    ip.releasedAt().orElse(null));
        }
        return t;
    }

    public static Map<String, Object> allocation(Allocation a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", a.address().toString());
        m.put("mac", a.mac().toString());
        m.put("instance", a.instance().value());
        m.put("vif_id", a.vifId());
        m.put("vif_uuid", a.vifUuid().toString());
        m.put("network", a.network().label().value());
        m.put("network_id", a.network().id());
        m.put("vlan", a.network().vlan().value());
        m.put("bridge", a.network().bridge().value());
        m.put("gateway", a.network().gateway().toString());
        m.put("netmask", a.network().netmask().toString());
        m.put("project", a.network().project().map(Object::toString).orElse(null));
        return m;
    }

    public static Table allocationTable(List<Allocation> allocations) {
        Table t = new Table("ADDRESS", "MAC", "INSTANCE", "PROJECT", "NETWORK", "VLAN", "BRIDGE", "GATEWAY");
        for (Allocation a : allocations) {
            t.row(a.address(), a.mac(), a.instance(), a.network().project().orElse(null), a.network().label(),
                    a.network().vlan(), a.network().bridge(), a.network().gateway());
        }
        return t;
    }
}
