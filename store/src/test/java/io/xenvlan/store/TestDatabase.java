package io.xenvlan.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh, uniquely named database for one test class or test: an in-memory H2 one, or a new
 * PostgreSQL database created from {@code XENVLAN_TEST_PG_URL / _USER / _PASSWORD} and dropped on
 * {@link #close()}. PostgreSQL tests fail (never skip) when those variables are missing.
 * Published in the store test-jar for other modules' tests.
 */
public final class TestDatabase implements AutoCloseable {
    private final StoreConfig config;
    private final String name;
    private final boolean postgres;

    private TestDatabase(StoreConfig config, String name, boolean postgres) {
        this.config = config;
        this.name = name;
        this.postgres = postgres;
    }

    /**
     * A new private in-memory H2 database (lives until {@link #close()}), its schema current: a copy of a template
     * this JVM migrated once ({@link H2Template}), with a deployment identity of its own.
     */
    public static TestDatabase h2() {
        TestDatabase db = h2Empty();
        H2Template.copyInto(db.url());
        return db;
    }

    /** A new, empty private in-memory H2 database (for the tests of the migrations themselves). */
    public static TestDatabase h2Empty() {
        String name = "xenvlan_test_" + UUID.randomUUID().toString().replace("-", "");
        return new TestDatabase(StoreConfig.of("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"), name, false);
    }

    /**
     * A new PostgreSQL database on the test server, its schema current: a copy of a template this JVM migrated
     * once ({@link PostgresTemplate}; copying takes a fraction of the time the migrations take), with a deployment
     * identity of its own, as a freshly migrated database has.
     */
    public static TestDatabase postgres() {
        String adminUrl = env("XENVLAN_TEST_PG_URL");
        String user = env("XENVLAN_TEST_PG_USER");
        String password = env("XENVLAN_TEST_PG_PASSWORD");
        String template = PostgresTemplate.name(adminUrl, user, password);
        TestDatabase db = create(adminUrl, user, password, " TEMPLATE " + template);
        try (Connection c = DriverManager.getConnection(db.url(), user, password); Statement s = c.createStatement()) {
            s.execute("UPDATE xen_deployment SET id = gen_random_uuid()");
        } catch (SQLException e) {
            db.close();
            throw new IllegalStateException("cannot give test database " + db.name + " an identity: " + e.getMessage(), e);
        }
        return db;
    }

    /** A new, empty PostgreSQL database on the test server (for the tests of the migrations themselves). */
    public static TestDatabase postgresEmpty() {
        return create(env("XENVLAN_TEST_PG_URL"), env("XENVLAN_TEST_PG_USER"), env("XENVLAN_TEST_PG_PASSWORD"), "");
    }

    private static TestDatabase create(String adminUrl, String user, String password, String options) {
        String name = "xenvlan_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        PostgresTemplate.execute(adminUrl, user, password, "CREATE DATABASE " + name + options);
        StoreConfig config = StoreConfig.of(withDatabase(adminUrl, name)).withCredentials(user, password);
        return new TestDatabase(config, name, true);
    }

    private static String env(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: PostgreSQL tests need XENVLAN_TEST_PG_URL, "
                    + "XENVLAN_TEST_PG_USER and XENVLAN_TEST_PG_PASSWORD (scripts/test sets them)");
        }
        return value;
    }

    /** Replaces the database name in {@code jdbc:postgresql://host:port/db?params}. */
    static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//") + 2;
        int slash = url.indexOf('/', hostStart);
        int query = url.indexOf('?');
        String base = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        String params = query < 0 ? "" : url.substring(query);
        return base + "/" + database + params;
    }

    public StoreConfig config() {
        return config;
    }

    public String url() {
        return config.url();
    }

    public Optional<String> user() {
        return config.user();
    }

    public Optional<String> password() {
        return config.password();
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Opens (and migrates) a store on this database. */
    public JdbcStore open() {
        return JdbcStore.open(config);
    }

    public JdbcStore open(Clock clock) {
        return JdbcStore.open(config, clock);
    }

    /**
     * Drops the PostgreSQL database. PostgreSQL refuses to force out a backend of another role (42501),
     * such as an autovacuum worker that just started on the new database: that refusal is retried.
     */
    private void dropPostgres() throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = DriverManager.getConnection(env("XENVLAN_TEST_PG_URL"), config.user().orElse(null),
                    config.password().orElse(null)); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState()) || attempt >= 20) {
                    throw e;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Drops the database (PostgreSQL) or shuts it down (H2). */
    @Override
    public void close() {
        try {
            if (postgres) {
                dropPostgres();
            } else {
                try (Connection c = DriverManager.getConnection(config.url()); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
