package io.xenvlan.server.config;

import io.xenvlan.store.StoreConfig;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the store lives. The password is never part of the configuration: it is read from the
 * environment variable {@code passwordEnv} names, when the store is opened.
 *
 * @param url         JDBC URL; empty means the embedded H2 file under the state directory
 * @param passwordEnv the environment variable holding the password (default XENVLAN_DB_PASSWORD)
 */
public record DatabaseConfig(Optional<String> url, Optional<String> user, String passwordEnv, int poolSize) {
    static final String DEFAULT_PASSWORD_ENV = "XENVLAN_DB_PASSWORD";

    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordEnv, "passwordEnv");
    }

    /**
     * The configured store, reading the password from {@code env}; empty for the embedded store of the
     * state directory (see {@link io.xenvlan.store.EmbeddedStore}).
     */
    public Optional<StoreConfig> configured(Map<String, String> env) {
        return url.map(u -> StoreConfig.of(u).withCredentials(user.orElse(null), env.get(passwordEnv)).withPoolSize(poolSize));
    }
}
