package io.xenvlan.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The script of an in-memory H2 database this JVM migrated once, that {@link TestDatabase#h2()} runs into each new
 * database ({@code RUNSCRIPT}) instead of running every migration for every test, as {@link PostgresTemplate} does
 * for PostgreSQL. The copy holds the template's Flyway history, so opening it finds the schema current. The script
 * is a file of this JVM's own, deleted when the JVM ends.
 */
final class H2Template {
    private static Path script;

    private H2Template() {
    }

    /** Fills the empty database at {@code url} with the migrated schema and gives it a deployment identity of its own. */
    static void copyInto(String url) {
        Path from = script();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM '" + from + "'");
            s.execute("UPDATE xen_deployment SET id = RANDOM_UUID()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy the migrated H2 template into " + url + ": " + e.getMessage(), e);
        }
    }

    private static synchronized Path script() {
        if (script == null) {
            try (TestDatabase template = TestDatabase.h2Empty()) {
                template.open().close(); // opening migrates it
                Path file = Files.createTempFile("xenvlan-h2-template", ".sql");
                file.toFile().deleteOnExit();
                try (Connection c = DriverManager.getConnection(template.url()); Statement s = c.createStatement()) {
                    s.execute("SCRIPT TO '" + file + "'");
                }
                script = file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot write the migrated H2 template: " + e.getMessage(), e);
            }
        }
        return script;
    }
}
