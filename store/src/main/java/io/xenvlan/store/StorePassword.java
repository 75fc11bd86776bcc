package io.xenvlan.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.h2.tools.ChangeFileEncryption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's password: 256 random bits made on first use, kept in {@code store-password}
 * (0600), used both to encrypt the file (H2's AES) and as the password of its only user, so a copy of
 * {@code xenvlan.mv.db} alone is unreadable. A store made before it had a password (user "" without
 * one, unencrypted) is upgraded in place on first open: a 0600 backup copy first, then the new user,
 * the old one dropped, the file encrypted, the password written, the backup deleted. An upgrade that
 * stops half way resumes from the backup next time.
 */
final class StorePassword {
    static final String FILE = "store-password";
    static final String BACKUP = EmbeddedStore.FILE + ".before-password";
    private static final Logger LOG = LoggerFactory.getLogger(StorePassword.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private StorePassword() {}

    /** The password of the store in {@code dir} (which must be locked): read, made for a new store, or made by upgrading an old one. */
    static String readOrCreate(Path dir) {
        Path file = dir.resolve(FILE);
        Path backup = dir.resolve(BACKUP);
        try {
            if (Files.exists(file)) {
                Files.deleteIfExists(backup); // an upgrade that finished all but this
                StateDirectory.ownerOnly(file);
                String password = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (password.isEmpty()) {
                    throw EmbeddedStore.unreadable(dir, file + " is empty", null);
                }
                return password;
            }
            String password = generate();
            if (Files.exists(backup)) {
                Files.move(backup, dir.resolve(EmbeddedStore.FILE), StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.exists(dir.resolve(EmbeddedStore.FILE))) {
                upgrade(dir, password);
            }
            StateDirectory.writeSecret(file, password + "\n");
            Files.deleteIfExists(backup);
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the store's password in " + file, e);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Gives an old store (user "", no password, not encrypted) its user and password and encrypts it; on failure, restores it. */
    private static void upgrade(Path dir, String password) throws IOException {
        Path db = dir.resolve(EmbeddedStore.FILE);
        Path backup = dir.resolve(BACKUP);
        Files.copy(db, backup, StandardCopyOption.REPLACE_EXISTING);
        StateDirectory.ownerOnly(backup);
        String url = "jdbc:h2:file:" + dir.resolve(EmbeddedStore.NAME) + ";IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
        try {
            try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
                s.execute("CREATE USER IF NOT EXISTS " + EmbeddedStore.USER + " PASSWORD '" + password + "' ADMIN");
            }
            try (Connection c = DriverManager.getConnection(url, EmbeddedStore.USER, password); Statement s = c.createStatement()) {
                s.execute("DROP USER IF EXISTS \"\"");
                s.execute("SHUTDOWN COMPACT");
            }
            ChangeFileEncryption.execute(dir.toString(), EmbeddedStore.NAME, "AES", null, password.toCharArray(), true);
            StateDirectory.ownerOnly(db);
            LOG.warn("upgraded the store {} to a password (in {}, mode 0600) and encryption", db, dir.resolve(FILE));
        } catch (SQLException e) {
            Files.move(backup, db, StandardCopyOption.REPLACE_EXISTING);
            throw EmbeddedStore.unreadable(dir, "it has no password file " + dir.resolve(FILE)
                    + " and is not an older xenvlan store without a password either (a copy of an encrypted store"
                    + " needs its password file beside it)", e);
        }
    }
}
