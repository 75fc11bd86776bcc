package io.xenvlan.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Tag;

/** The store contract on PostgreSQL (a fresh database on XENVLAN_TEST_PG_URL's server). */
@Tag("postgres")
class PostgresStoreContractTest extends StoreContractSuite {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }

    /** The stamps as they are in the tables: {@code changeSequence()} may lag behind other databases' transactions. */
    @Override
    public long highestStamp() {
        TestDatabase db = database();
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElseThrow(), db.password().orElseThrow());
                Statement s = c.createStatement()) {
            long highest = 0;
            for (String table : List.of("networks", "network_deletions", "fixed_ips", "address_releases")) {
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(change_seq), 0) FROM " + table)) {
                    rs.next();
                    highest = Math.max(highest, rs.getLong(1));
                }
            }
            return highest;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the change stamps: " + e.getMessage(), e);
        }
    }
}
