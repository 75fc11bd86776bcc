package io.xenvlan.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An embedded store (the encrypted H2 file and its password) this JVM created and migrated once, that tests
 * copy into a new state directory instead of creating and migrating a store there for every test
 * ({@link EmbeddedStore#open(Path)} then finds the schema current). Each copy gets a deployment identity of its
 * own, as a new store has. Not for the tests of the store's creation, its password or its migrations.
 */
public final class EmbeddedTemplate {
    private static Path template;

    private EmbeddedTemplate() {
    }

    /** Puts a copy of the migrated store into {@code stateDir} (which must hold no store yet) and returns it. */
    public static Path copyInto(Path stateDir) {
        Path from = template();
        try {
            Files.createDirectories(stateDir);
            for (String file : new String[] {EmbeddedStore.FILE, StorePassword.FILE}) {
                Files.copy(from.resolve(file), stateDir.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (StoreLock lock = StoreLock.acquire(stateDir, EmbeddedStore.DEFAULT_WAIT)) {
            newIdentity(EmbeddedStore.config(lock, 1));
        }
        return stateDir;
    }

    private static void newIdentity(StoreConfig config) {
        try (Connection c = DriverManager.getConnection(config.url(), config.user().orElseThrow(), config.password().orElseThrow());
             Statement s = c.createStatement()) {
            s.execute("UPDATE xen_deployment SET id = RANDOM_UUID()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot give the copied store an identity: " + e.getMessage(), e);
        }
    }

    private static synchronized Path template() {
        if (template == null) {
            try {
                Path dir = Files.createTempDirectory("xenvlan-store-template");
                EmbeddedStore.open(dir).close(); // creating migrates it
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "delete-store-template"));
                template = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return template;
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("test store template " + dir + " left behind: " + e.getMessage());
        }
    }
}
