package io.xenvlan.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database this JVM migrated once, that {@link TestDatabase#postgres()} copies ({@code CREATE DATABASE ...
 * TEMPLATE}) instead of running every migration for every test; dropped when the JVM ends. Its name is this
 * JVM's own, so test runs side by side never share one.
 */
final class PostgresTemplate {
    /** PostgreSQL refuses to copy a database while a session is on it: the migrating pool's sessions may take a moment to end. */
    private static final String IN_USE = "55006";
    private static String name;

    private PostgresTemplate() {
    }

    static synchronized String name(String adminUrl, String user, String password) {
        if (name == null) {
            String template = "xenvlan_tmpl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
            execute(adminUrl, user, password, "CREATE DATABASE " + template);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, template), "drop-test-template"));
            // opening migrates it; closing ends the pool's sessions, which a copy needs gone
            JdbcStore.open(StoreConfig.of(TestDatabase.withDatabase(adminUrl, template)).withCredentials(user, password)).close();
            name = template;
        }
        return name;
    }

    /** Runs {@code sql} on the administration database, again while the template is still in use (for up to 10 s). */
    static void execute(String adminUrl, String user, String password, String sql) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
                s.execute(sql);
                return;
            } catch (SQLException e) {
                if (!IN_USE.equals(e.getSQLState()) || attempt >= 40) {
                    throw new IllegalStateException("cannot run '" + sql + "' on " + adminUrl + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted before '" + sql + "'", e);
                }
            }
        }
    }

    private static void drop(String adminUrl, String user, String password, String template) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + template + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("test template database " + template + " left behind: " + e.getMessage());
        }
    }
}
