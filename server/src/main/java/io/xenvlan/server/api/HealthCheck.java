package io.xenvlan.server.api;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Whether this process can serve: the database answers a trivial query within two seconds. */
@FunctionalInterface
public interface HealthCheck {
    boolean healthy();

    static HealthCheck database(DataSource dataSource) {
        return () -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout(2);
                s.execute("SELECT 1");
                return true;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        };
    }
}
