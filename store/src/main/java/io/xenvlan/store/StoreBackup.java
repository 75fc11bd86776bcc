package io.xenvlan.store;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;

/**
 * Backups of the embedded store: H2's own {@code SCRIPT} (the schema and every row as SQL, gzip-compressed),
 * taken in one transaction of H2's SNAPSHOT isolation, so a copy made while the store is in use is one
 * consistent state (under REPEATABLE READ, SCRIPT reads each table as of its own moment: rows of a transaction
 * committed meanwhile end up in one table's part and not the other's, as StoreBackupTest shows); restored with
 * H2's {@code RUNSCRIPT} into a new store file that then replaces the old one in one rename. The script is
 * not encrypted (it is written 0600); a restored store is encrypted with the password of the state directory
 * it is restored into, so a backup moves between hosts.
 */
public final class StoreBackup {
    /** What every backup holds: the migrations' history, so a restore of an older backup is migrated on next open. */
    private static final String HISTORY = "\"flyway_schema_history\"";

    private StoreBackup() {}

    /**
     * Writes the store behind {@code dataSource} (an embedded H2 store) to {@code target}, which must not exist.
     * H2 writes the script in a 0700 directory of its own beside the target; the file is made 0600 there and
     * then moved to {@code target} complete, so no other user ever reads it and no half-written backup is left.
     */
    public static void write(DataSource dataSource, Path target) {
        Path work;
        try {
            work = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".backup-", StateDirectory.ownerOnlyDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a backup beside " + target, e);
        }
        Path script = work.resolve("backup.sql.gz");
        try {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                boolean autoCommit = c.getAutoCommit();
                int isolation = c.getTransactionIsolation();
                c.setAutoCommit(false);
                s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
                try {
                    s.execute("SCRIPT TO " + literal(script) + " COMPRESSION GZIP");
                } finally {
                    c.rollback();
                    c.setTransactionIsolation(isolation);
                    c.setAutoCommit(autoCommit);
                }
            } catch (SQLException e) {
                throw new BackendFailureException("database", "BACKUP_FAILED", List.of(target.toString()),
                        "backup: the store could not be written to " + target, e);
            }
            StateDirectory.ownerOnly(script);
            Files.move(script, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + target, e);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Replaces the store of the state directory that {@code lock} guards with the backup {@code source}. The
     * store must not be open (the lock is held, by this process only). The backup is first read into a new
     * store beside the old one; only a complete, readable one replaces it, in one rename, so a failure at any
     * point leaves the old store as it was. Run by root in a directory of another user (the packaged service's),
     * the new file is given to that user.
     *
     * @throws InvalidInputException ({@code from}) when {@code source} is not a backup of a xenvlan store
     */
    public static void restore(StoreLock lock, Path source) {
        requireGzip(source);
        Path dir = lock.stateDir();
        String password = StorePassword.readOrCreate(dir);
        Path work;
        try {
            work = Files.createTempDirectory(dir, ".restore-", StateDirectory.ownerOnlyDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the restore in " + dir, e);
        }
        try {
            String url = EmbeddedStore.url(work);
            try (Connection c = DriverManager.getConnection(url, EmbeddedStore.USER, password + " " + password);
                 Statement s = c.createStatement()) {
                s.execute("RUNSCRIPT FROM " + literal(source) + " COMPRESSION GZIP");
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + HISTORY)) {
                    rs.next();
                }
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new InvalidInputException("from", "backup", "from: " + source + " is not a backup of a xenvlan store"
                        + " (one that `xenvlan backup` wrote) or is damaged; nothing was changed");
            }
            Path restored = work.resolve(EmbeddedStore.FILE);
            StateDirectory.ownerOnly(restored);
            giveToDirectoryOwner(dir, restored);
            Files.move(restored, dir.resolve(EmbeddedStore.FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            giveToDirectoryOwner(dir, dir.resolve(StorePassword.FILE));
            giveToDirectoryOwner(dir, dir.resolve(StoreLock.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the restored store in " + dir, e);
        } finally {
            deleteTree(work);
        }
    }

    private static void requireGzip(Path source) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(source))) {
            in.read();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("from", "exists", "from: " + source + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("from", "backup", "from: " + source + " is not a backup of a xenvlan store"
                    + " (one that `xenvlan backup` wrote); nothing was changed");
        }
    }

    /** Root restoring into another user's state directory (the packaged service's) leaves that user's files. */
    private static void giveToDirectoryOwner(Path dir, Path file) throws IOException {
        UserPrincipal owner = Files.getOwner(dir);
        if (Files.exists(file) && !Files.getOwner(file).equals(owner)) {
            Files.setOwner(file, owner);
            Files.setAttribute(file, "posix:group", Files.getAttribute(dir, "posix:group"));
        }
    }

    /** A path as an SQL string literal (H2's SCRIPT and RUNSCRIPT take no parameter for it). */
    private static String literal(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the caller reports the failure that matters
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(StoreBackup::deleteQuietly);
        } catch (IOException e) {
            // a leftover .restore- directory holds nothing the store uses
        }
    }
}
