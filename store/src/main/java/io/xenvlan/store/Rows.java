package io.xenvlan.store;

import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Maps network and fixed IP rows to core records, and core values to column values. */
final class Rows {
    static final String NETWORK_COLUMNS = "id, uuid, label, cidr, gateway, dhcp_server, dhcp_start, dns1, dns2, dns_domain, "
            + "vlan, bridge, bridge_interface, mtu, project_id, host";
    static final String FIXED_IP_COLUMNS = "network_id, address, reserved, allocated, leased, instance_id, mac, released_at";

    /** The fixed IPs of network {@code ?} (bind its id twice), found through the address index. */
    static final String IN_NETWORK = "address BETWEEN (SELECT first_address FROM networks WHERE id = ?)"
            + " AND (SELECT last_address FROM networks WHERE id = ?)";

    private Rows() {}

    static Network network(ResultSet rs) throws SQLException {
        return new Network(
                rs.getLong("id"),
                rs.getObject("uuid", UUID.class),
                new NetworkLabel(rs.getString("label")),
                Cidr.parse(rs.getString("cidr")),
                address(rs.getLong("gateway")),
                address(rs.getLong("dhcp_server")),
                address(rs.getLong("dhcp_start")),
                Jdbc.optionalLong(rs, "dns1").map(Rows::address),
                Jdbc.optionalLong(rs, "dns2").map(Rows::address),
                Optional.ofNullable(rs.getString("dns_domain")).map(DnsDomain::new),
                new VlanTag(rs.getInt("vlan")),
                new BridgeName(rs.getString("bridge")),
                new InterfaceName(rs.getString("bridge_interface")),
                rs.getInt("mtu"),
                Optional.ofNullable(rs.getString("project_id")).map(ProjectId::new),
                Optional.ofNullable(rs.getString("host")));
    }

    static FixedIp fixedIp(ResultSet rs) throws SQLException {
        return new FixedIp(
                rs.getLong("network_id"),
                address(rs.getLong("address")),
                rs.getBoolean("reserved"),
                rs.getBoolean("allocated"),
                rs.getBoolean("leased"),
                Optional.ofNullable(rs.getString("instance_id")).map(InstanceId::new),
                Jdbc.optionalLong(rs, "mac").map(MacAddress::new),
                Jdbc.instant(rs, "released_at"));
    }

    static Ipv4Address address(long value) {
        return new Ipv4Address((int) value);
    }

    static long value(Ipv4Address address) {
        return address.unsigned();
    }
}
