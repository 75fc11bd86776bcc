package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 only. An allocation on H2 claims its fixed IP without a row lock (H2 parses a FOR UPDATE
 * afresh on every call), so the database must still refuse a second holder of one address: a
 * unique index on the VIF's address does, as every allocated address has exactly one VIF (a
 * release deletes it). The change sequence and the VIF ids come from a larger cache: every 32
 * numbers (H2's default) H2 writes the sequence back under the database's meta lock, and under
 * load allocations queued there for tens of milliseconds. PostgreSQL claims under FOR UPDATE SKIP LOCKED
 * and would only pay one more index write per allocation for this index; it stays as it was.
 */
public class V5__H2_allocation_arbiter extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!"H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE UNIQUE INDEX uq_vifs_address ON virtual_interfaces (address)");
            s.execute("ALTER SEQUENCE change_seq CACHE 1024");
            s.execute("ALTER TABLE virtual_interfaces ALTER COLUMN id SET CACHE 1024");
        }
    }
}
