package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Attach and detach become operations that survive a crash between the store and a pool.
 *
 * <p>{@code xen_vifs} is written before the pool is touched: a row in state {@code attaching}
 * is the durable intent (its VIF uuid tags the XenAPI VIF in {@code other_config}), the
 * allocation of its address records address, network and MAC in the same transaction, and only
 * {@code attached} rows are finished. {@code nic} numbers xenvlan's NICs on a VM (0 unless a
 * further NIC is asked for), unique per VM, so a retried attach finds the first one instead of
 * making a second. Existing rows are attached; their NICs are numbered in device order.
 *
 * <p>{@code xen_vms} holds, per pool and VM, the project the VM belongs to (the one whose VIF
 * it got first) and the claim that serialises operations on the VM across threads and
 * processes: the worker holding it, from {@code xen_workers}, whose heartbeat tells the others
 * whether it still lives. {@code xen_deployment} is this store's identity, written into every
 * VIF xenvlan makes, so a pool shared with another deployment's VIFs tells ours from theirs.
 */
public class V32__Recoverable_vif_operations extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE xen_vifs ADD COLUMN state VARCHAR(16) DEFAULT 'attached' NOT NULL");
            s.execute("ALTER TABLE xen_vifs ADD COLUMN nic INTEGER DEFAULT 0 NOT NULL");
            s.execute("ALTER TABLE xen_vifs ADD COLUMN project_id VARCHAR(64)");
            s.execute("ALTER TABLE xen_vifs ADD COLUMN network_id BIGINT");
            s.execute("ALTER TABLE xen_vifs ADD COLUMN address BIGINT");
            s.execute("ALTER TABLE xen_vifs ADD COLUMN rate_kbps BIGINT");
            s.execute("ALTER TABLE xen_vifs ADD COLUMN locking_mode VARCHAR(16)");
            for (String column : List.of("mac", "vif_ref", "network_ref", "device")) {
                s.execute("ALTER TABLE xen_vifs ALTER COLUMN " + column + " DROP NOT NULL");
            }
            s.execute("UPDATE xen_vifs SET address = (SELECT f.address FROM fixed_ips f WHERE f.vif_uuid = xen_vifs.vif_uuid),"
                    + " network_id = (SELECT f.network_id FROM fixed_ips f WHERE f.vif_uuid = xen_vifs.vif_uuid),"
                    + " project_id = (SELECT n.project_id FROM fixed_ips f JOIN networks n ON n.id = f.network_id"
                    + " WHERE f.vif_uuid = xen_vifs.vif_uuid)");
            numberNics(c);
            s.execute("ALTER TABLE xen_vifs ADD CONSTRAINT uq_xen_vifs_nic UNIQUE (pool_id, vm_uuid, nic)");
            s.execute("ALTER TABLE xen_vifs ADD CONSTRAINT ck_xen_vifs_state CHECK (state IN ('attaching', 'attached', 'detaching'))");
            s.execute("ALTER TABLE xen_vifs ADD CONSTRAINT ck_xen_vifs_nic CHECK (nic BETWEEN 0 AND 15)");
            s.execute("CREATE INDEX ix_xen_vifs_network ON xen_vifs (network_id)");
            s.execute("CREATE INDEX ix_xen_vifs_address ON xen_vifs (address)");

            s.execute("CREATE TABLE xen_workers ("
                    + " id           UUID PRIMARY KEY,"
                    + " name         VARCHAR(255) NOT NULL,"
                    + " started_at   TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            s.execute("CREATE TABLE xen_vms ("
                    + " pool_id    BIGINT NOT NULL REFERENCES xen_pools (id),"
                    + " vm_uuid    VARCHAR(64) NOT NULL,"
                    + " project_id VARCHAR(64),"
                    + " claimed_by UUID,"
                    + " claimed_at TIMESTAMP WITH TIME ZONE,"
                    + " PRIMARY KEY (pool_id, vm_uuid))");
            s.execute("CREATE INDEX ix_xen_vms_claimed ON xen_vms (claimed_by)");
            ownVms(c);

            s.execute("CREATE TABLE xen_deployment (id UUID PRIMARY KEY)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO xen_deployment (id) VALUES (?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.executeUpdate();
        }
    }

    /** NIC numbers in device order per VM (devices are decimal strings; a bad one sorts last). */
    private static void numberNics(Connection c) throws SQLException {
        Map<String, List<Object[]>> byVm = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pool_id, vm_uuid, vif_uuid, device FROM xen_vifs ORDER BY pool_id, vm_uuid")) {
            while (rs.next()) {
                byVm.computeIfAbsent(rs.getLong(1) + "/" + rs.getString(2), k -> new ArrayList<>())
                        .add(new Object[] {rs.getObject(3, UUID.class), deviceNumber(rs.getString(4))});
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE xen_vifs SET nic = ? WHERE vif_uuid = ?")) {
            for (List<Object[]> vifs : byVm.values()) {
                vifs.sort((a, b) -> Long.compare((Long) a[1], (Long) b[1]));
                for (int i = 0; i < vifs.size(); i++) {
                    ps.setInt(1, Math.min(i, 15));
                    ps.setObject(2, vifs.get(i)[0]);
                    ps.executeUpdate();
                }
            }
        }
    }

    private static long deviceNumber(String device) {
        try {
            return Long.parseLong(device);
        } catch (NumberFormatException | NullPointerException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A VM attached before belongs to the project of its oldest VIF. */
    private static void ownVms(Connection c) throws SQLException {
        Map<String, Object[]> owners = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pool_id, vm_uuid, project_id FROM xen_vifs ORDER BY created_at, vif_uuid")) {
            while (rs.next()) {
                owners.putIfAbsent(rs.getLong(1) + "/" + rs.getString(2), new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO xen_vms (pool_id, vm_uuid, project_id) VALUES (?, ?, ?)")) {
            for (Object[] owner : owners.values()) {
                ps.setLong(1, (Long) owner[0]);
                ps.setString(2, (String) owner[1]);
                ps.setString(3, (String) owner[2]);
                ps.executeUpdate();
            }
        }
    }
}
