package io.xenvlan.store;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the store lives.
 *
 * <p>An H2 URL is made durable: commits reach the file before they return ({@code WRITE_DELAY=0} is
 * added when the URL does not say it, and another write delay is refused), and H2's auto-server mode,
 * which opens a TCP port for other processes, is refused: one process opens an embedded store, the
 * others go through it (see {@link EmbeddedStore}).
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
        if (Dialect.of(url) == Dialect.H2) {
            url = durableH2(url);
        }
        if (poolSize < 1) {
            throw new InvalidInputException("db-pool-size", "min", "db-pool-size: must be at least 1, got " + poolSize);
        }
    }

    public static StoreConfig of(String url) {
        return new StoreConfig(url, Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE);
    }

    private static String durableH2(String url) {
        String upper = url.toUpperCase(Locale.ROOT).replace(" ", "");
        if (upper.contains(";AUTO_SERVER=TRUE") || upper.contains(";AUTO_SERVER_PORT=")) {
            throw new InvalidInputException("db", "no-auto-server", "db: H2's AUTO_SERVER opens a TCP port for other processes;"
                    + " xenvlan refuses it (commands go through the process that holds the store)");
        }
        int delay = upper.indexOf(";WRITE_DELAY=");
        if (delay < 0) {
            return url + ";WRITE_DELAY=0";
        }
        if (!upper.startsWith(";WRITE_DELAY=0", delay) || upper.length() > delay + 14 && upper.charAt(delay + 14) != ';') {
            throw new InvalidInputException("db", "durable", "db: WRITE_DELAY must be 0 (a commit is durable before it is acknowledged)");
        }
        return url;
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

    @Override
    public String toString() {
        return "StoreConfig[" + describe() + ", user " + user.orElse("-") + ", pool " + poolSize + "]";
    }
}
