package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Opening a store whose schema is current skips Flyway; anything else still goes through it. */
class SchemaCheckTest {
    private static final ClassLoader LOADER = SchemaCheckTest.class.getClassLoader();

    @Test
    void theMigrationsListedAreTheOnesFlywayResolves() {
        try (TestDatabase db = TestDatabase.h2Empty()) {
            Set<String> flyway = Arrays.stream(flyway(db).info().all()).map(MigrationInfo::getVersion)
                    .map(v -> SchemaCheck.normalise(v.getVersion())).collect(Collectors.toSet());
            assertThat(SchemaCheck.bundledVersions(LOADER)).hasValueSatisfying(v -> assertThat(v).isNotEmpty().isEqualTo(flyway));
        }
    }

    @Test
    void h2_currentOnlyOnceEveryMigrationIsApplied() throws SQLException {
        try (TestDatabase db = TestDatabase.h2Empty()) {
            currentOnlyOnceEveryMigrationIsApplied(db);
        }
    }

    @Test
    @Tag("postgres")
    void postgres_currentOnlyOnceEveryMigrationIsApplied() throws SQLException {
        try (TestDatabase db = TestDatabase.postgresEmpty()) {
            currentOnlyOnceEveryMigrationIsApplied(db);
        }
    }

    private static void currentOnlyOnceEveryMigrationIsApplied(TestDatabase db) throws SQLException {
        try (JdbcStore store = db.open()) {
            assertThat(SchemaCheck.isCurrent(store.dataSource(), LOADER)).isTrue();
            execute(db, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '2'");
            assertThat(SchemaCheck.isCurrent(store.dataSource(), LOADER)).as("a failed migration").isFalse();
            execute(db, "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '2'");
            assertThat(SchemaCheck.isCurrent(store.dataSource(), LOADER)).as("a migration not applied").isFalse();
        }
    }

    @Test
    void aSchemaMissingMigrations_isMigratedOnOpen() throws SQLException {
        try (TestDatabase db = TestDatabase.h2Empty()) {
            Flyway.configure().dataSource(db.url(), null, null).locations("classpath:db/migration").target("5").load().migrate();
            try (JdbcStore store = db.open()) {
                assertThat(SchemaCheck.isCurrent(store.dataSource(), LOADER)).isTrue();
                assertThat(store.networks()).isEmpty();
            }
        }
    }

    @Test
    void aCurrentSchema_isOpenedWithoutFlyway() throws SQLException {
        try (TestDatabase db = TestDatabase.h2Empty()) {
            db.open().close();
            // Flyway's validation would refuse this edited checksum; skipping Flyway, the open does not look.
            execute(db, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
            try (JdbcStore store = db.open()) {
                assertThat(store.networks()).isEmpty();
            }
            // A history naming a migration this build does not have goes to Flyway, which refuses it as before.
            execute(db, "UPDATE \"flyway_schema_history\" SET \"checksum\" = NULL, \"version\" = '999' WHERE \"version\" = '1'");
            assertThatThrownBy(db::open).isInstanceOf(BackendFailureException.class).hasMessageContaining("cannot migrate");
        }
    }

    @Test
    void versionsCompareAsFlywayComparesThem() {
        assertThat(SchemaCheck.normalise("30")).isEqualTo("30");
        assertThat(SchemaCheck.normalise("1_1")).isEqualTo("1.1");
        assertThat(SchemaCheck.normalise("01.1.0")).isEqualTo("1.1");
        assertThat(SchemaCheck.normalise("0")).isEqualTo("0");
    }

    private static Flyway flyway(TestDatabase db) {
        return Flyway.configure().dataSource(db.url(), db.user().orElse(null), db.password().orElse(null))
                .locations("classpath:db/migration").load();
    }

    private static void execute(TestDatabase db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
