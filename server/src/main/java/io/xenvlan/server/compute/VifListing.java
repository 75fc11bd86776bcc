package io.xenvlan.server.compute;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Lists xenvlan's VIFs on every pool with their address and network, newest first (read-only, over the store's tables). */
public final class VifListing {
    private static final String SQL = "SELECT v.vif_uuid, p.name, v.vm_uuid, v.mac, v.vif_ref, v.network_ref, v.device, v.plugged,"
            + " v.created_at, v.address, n.id AS network_id, n.label, n.vlan, n.bridge, v.project_id, v.nic, v.state"
            + " FROM xen_vifs v JOIN xen_pools p ON p.id = v.pool_id"
            + " LEFT JOIN networks n ON n.id = v.network_id";

    private final DataSource dataSource;

    public VifListing(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The VIFs the filter selects (in SQL, so a project's listing reads only its rows), newest first. */
    public List<VifRow> list(VifFilter filter) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        filter.pool().ifPresent(pool -> {
            where.add("p.name = ?");
            params.add(pool);
        });
        filter.vm().ifPresent(vm -> {
            where.add("v.vm_uuid = ?");
            params.add(vm);
        });
        filter.project().ifPresent(project -> {
            where.add("v.project_id = ?");
            params.add(project);
        });
        return query(SQL + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY v.created_at DESC, v.vif_uuid",
                params);
    }

    /** xenvlan's VIFs on {@code pool}, by VM uuid (oldest first). */
    public Map<String, List<VifRow>> byVm(PoolName pool) {
        return list(VifFilter.onPool(pool.value())).stream().sorted(Comparator.comparing(VifRow::createdAt).thenComparing(VifRow::nic))
                .collect(Collectors.groupingBy(VifRow::vm, LinkedHashMap::new, Collectors.toList()));
    }

    public Optional<VifRow> find(UUID uuid) {
        return query(SQL + " WHERE v.vif_uuid = ?", List.of(uuid)).stream().findFirst();
    }

    private List<VifRow> query(String sql, List<Object> params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<VifRow> out = new ArrayList<>();
                while (rs.next()) {
                    long address = rs.getLong("address");
                    boolean hasAddress = !rs.wasNull();
                    long networkId = rs.getLong("network_id");
                    boolean hasNetwork = !rs.wasNull();
                    long mac = rs.getLong(4);
                    boolean hasMac = !rs.wasNull();
                    out.add(new VifRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt("nic"), rs.getString("state"),
                            hasMac ? Optional.of(new MacAddress(mac).toString()) : Optional.empty(), rs.getString(5), rs.getString(6),
                            rs.getString(7), rs.getBoolean(8), rs.getTimestamp(9).toInstant(),
                            hasAddress ? Optional.of(new Ipv4Address((int) address).toString()) : Optional.empty(),
                            hasNetwork ? Optional.of(networkId) : Optional.empty(), Optional.ofNullable(rs.getString("label")),
                            hasNetwork ? Optional.of(rs.getInt("vlan")) : Optional.empty(), Optional.ofNullable(rs.getString("bridge")),
                            Optional.ofNullable(rs.getString("project_id"))));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new BackendFailureException("database", e.getSQLState() == null ? "sql" : e.getSQLState(), List.of(),
                    "database: VIF listing failed: " + e.getMessage(), e);
        }
    }
}
