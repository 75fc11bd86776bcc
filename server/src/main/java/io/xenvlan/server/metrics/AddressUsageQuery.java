package io.xenvlan.server.metrics;

import io.xenvlan.core.error.BackendFailureException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Counts every network's addresses by state in one grouped query (read-only, over the store's tables). */
public final class AddressUsageQuery {
    // only addresses in use have fixed_ips rows: the total is the network's size
    private static final String SQL = "SELECT n.id AS network_id, n.last_address - n.first_address + 1 AS total,"
            + " COALESCE(SUM(CASE WHEN f.reserved THEN 1 ELSE 0 END), 0) AS reserved,"
            + " COALESCE(SUM(CASE WHEN f.allocated AND NOT f.reserved THEN 1 ELSE 0 END), 0) AS allocated,"
            + " COALESCE(SUM(CASE WHEN f.leased AND NOT f.allocated AND NOT f.reserved THEN 1 ELSE 0 END), 0) AS released"
            + " FROM networks n LEFT JOIN fixed_ips f ON f.address BETWEEN n.first_address AND n.last_address"
            + " GROUP BY n.id, n.first_address, n.last_address";

    private final DataSource dataSource;

    public AddressUsageQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Usage by network id. */
    public Map<Long, AddressUsage> all() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL);
             ResultSet rs = ps.executeQuery()) {
            Map<Long, AddressUsage> out = new HashMap<>();
            while (rs.next()) {
                long id = rs.getLong("network_id");
                out.put(id, new AddressUsage(id, rs.getInt("total"), rs.getInt("reserved"), rs.getInt("allocated"), rs.getInt("released")));
            }
            return out;
        } catch (SQLException e) {
            throw new BackendFailureException("database", e.getSQLState() == null ? "sql" : e.getSQLState(), List.of(),
                    "database: usage query failed: " + e.getMessage(), e);
        }
    }
}
