package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fewer indexes on the rows every allocation writes: an allocation rewrites one fixed_ips row and
 * inserts one VIF, and each index is one more write (and WAL record) per allocation. The VIF now
 * carries its address, so an instance's addresses are found through the VIF table; a network's
 * addresses through the address range. Java because the foreign key to drop was created without
 * a name and H2 and PostgreSQL named it differently.
 */
public class V4__Lean_allocation_indexes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE virtual_interfaces ADD COLUMN address BIGINT");
            s.execute("UPDATE virtual_interfaces SET address = (SELECT f.address FROM fixed_ips f WHERE f.vif_id = virtual_interfaces.id)");
            String foreignKey = null;
            try (ResultSet rs = s.executeQuery("SELECT tc.constraint_name FROM information_schema.table_constraints tc"
                    + " JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name"
                    + " AND k.table_name = tc.table_name AND k.table_schema = tc.table_schema"
                    + " WHERE UPPER(tc.table_name) = 'FIXED_IPS' AND tc.constraint_type = 'FOREIGN KEY'"
                    + " AND UPPER(k.column_name) = 'VIF_ID'")) {
                if (rs.next()) {
                    foreignKey = rs.getString(1);
                }
            }
            if (foreignKey != null) {
                s.execute("ALTER TABLE fixed_ips DROP CONSTRAINT \"" + foreignKey + "\"");
            }
        }
        for (String index : new String[] {"ix_fixed_ips_vif", "ix_fixed_ips_instance", "ix_fixed_ips_pick", "ix_vifs_network"}) {
            dropUnlessAForeignKeyNeedsIt(c, index);
        }
    }

    /** H2 backs each foreign key with an index and may have adopted one of ours; that one stays. */
    private static void dropUnlessAForeignKeyNeedsIt(Connection c, String index) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX IF EXISTS " + index);
        } catch (SQLException e) {
            if (!"90085".equals(e.getSQLState())) { // H2: the index belongs to a constraint
                throw e;
            }
        }
    }
}
