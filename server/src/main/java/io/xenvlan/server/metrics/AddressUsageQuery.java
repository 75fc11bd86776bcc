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
    private static final String SQL = "SELECT network_id, COUNT(*) AS total,"
            + " SUM(CASE WHEN reserved THEN 1 ELSE 0 END) AS reserved,"
            + " SUM(CASE WHEN allocated AND NOT reserved THEN 1 ELSE 0 END) AS allocated,"
            + " SUM(CASE WHEN leased AND NOT allocated AND NOT reserved THEN 1 ELSE 0 END) AS released"
            + " FROM fixed_ips GROUP BY network_id";

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
