package io.xenvlan.store;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the store lives.
 *
 * @param url      a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param poolSize connections in the pool (default 16)
 */
public record StoreConfig(String url, Optional<String> user, Optional<String> password, int poolSize) {
    public static final int DEFAULT_POOL_SIZE = 16;

    public StoreConfig {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (url == null || url.isBlank()) {
            throw new InvalidInputException("db", "required", "db: a JDBC URL is required");
        }
        Dialect.of(url);
        if (poolSize < 1) {
            throw new InvalidInputException("db-pool-size", "min", "db-pool-size: must be at least 1, got " + poolSize);
        }
    }

    public static StoreConfig of(String url) {
        return new StoreConfig(url, Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE);
    }

    /** The embedded default: an H2 file {@code xenvlan.mv.db} under the state directory, shareable by local processes. */
    public static StoreConfig h2File(Path stateDir) {
        return of(h2FileUrl(stateDir));
    }

    public static String h2FileUrl(Path stateDir) {
        return "jdbc:h2:file:" + stateDir.toAbsolutePath().resolve("xenvlan") + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
    }

    public StoreConfig withCredentials(String user, String password) {
        return new StoreConfig(url, Optional.ofNullable(user), Optional.ofNullable(password), poolSize);
    }

    public StoreConfig withPoolSize(int size) {
        return new StoreConfig(url, user, password, size);
    }

    /** The URL without credentials or options, for messages and logs. */
    public String describe() {
        int semicolon = url.indexOf(';');
        int question = url.indexOf('?');
        int cut = semicolon < 0 ? question : question < 0 ? semicolon : Math.min(semicolon, question);
        return cut < 0 ? url : url.substring(0, cut);
    }
}
