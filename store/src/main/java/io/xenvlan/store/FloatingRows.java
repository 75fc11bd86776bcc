package io.xenvlan.store;

import io.xenvlan.core.floating.FloatingAssociation;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PortRange;
import io.xenvlan.core.floating.Protocol;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Maps the floating tables' rows to core records, and bumps the version network nodes poll. */
final class FloatingRows {
    static final String POOL_COLUMNS = "p.id, p.name, p.cidr, p.interface";
    static final String IP_COLUMNS = "f.address, p.name AS pool_name, f.project_id, f.auto_assigned, f.fixed_address, f.network_id,"
            + " f.instance_id";
    static final String IP_FROM = " FROM floating_ips f JOIN floating_pools p ON p.id = f.pool_id";
    static final String RULE_COLUMNS = "id, project_id, protocol, port_first, port_last, source";

    private FloatingRows() {}

    static FloatingPool pool(ResultSet rs) throws SQLException {
        return new FloatingPool(new FloatingPoolName(rs.getString("name")), Cidr.parse(rs.getString("cidr")),
                Optional.ofNullable(rs.getString("interface")).map(InterfaceName::new));
    }

    static FloatingIp floatingIp(ResultSet rs) throws SQLException {
        Optional<Long> fixed = Jdbc.optionalLong(rs, "fixed_address");
        long networkId = rs.getLong("network_id");
        Optional<InstanceId> instance = Optional.ofNullable(rs.getString("instance_id")).map(InstanceId::new);
        return new FloatingIp(Rows.address(rs.getLong("address")), new FloatingPoolName(rs.getString("pool_name")),
                new ProjectId(rs.getString("project_id")),
                fixed.map(f -> new FloatingAssociation(Rows.address(f), networkId, instance)), rs.getBoolean("auto_assigned"));
    }

    static IngressRule rule(ResultSet rs) throws SQLException {
        Protocol protocol = Protocol.parse(rs.getString("protocol"));
        int first = rs.getInt("port_first");
        Optional<PortRange> ports = first == 0 ? Optional.empty() : Optional.of(new PortRange(first, rs.getInt("port_last")));
        return new IngressRule(rs.getLong("id"), new ProjectId(rs.getString("project_id")), protocol, ports,
                Cidr.parse(rs.getString("source")));
    }

    /** Moves the version every network node polls; the last statement of each changing transaction. */
    static void bump(Connection c) throws SQLException {
        Jdbc.update(c, "UPDATE floating_version SET version = version + 1 WHERE id = 1");
    }

    static long version(Connection c) throws SQLException {
        return Jdbc.first(c, "SELECT version FROM floating_version WHERE id = 1", rs -> rs.getLong(1)).orElse(0L);
    }
}
