package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only. The allocation pick walks only free rows, so its index holds only those: an
 * allocation's new row version is not free and gets no entry there, one index write fewer per
 * allocation (PostgreSQL writes every index entry of a non-HOT update anew), and the pick scans
 * no allocated rows. H2 has no partial indexes and keeps ix_fixed_ips_project_pick; listings by
 * project go through the network's address range instead (AllocationStatements.addresses).
 */
public class V6__Postgres_free_address_index extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!"PostgreSQL".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX ix_fixed_ips_project_free ON fixed_ips (project_id, allocated, address) WHERE allocated = FALSE AND reserved = FALSE");
            s.execute("DROP INDEX ix_fixed_ips_project_pick");
        }
    }
}
