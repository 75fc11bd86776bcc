package io.xenvlan.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code xenvlan server} is configured with, validated at start-up (see
 * {@link ConfigLoader}); immutable, one sub-config per concern.
 */
public record ServerConfig(Set<Role> roles, Path stateDir, HttpConfig http, DatabaseConfig database, NetnodeSettings netnode) {
    public ServerConfig {
        roles = Set.copyOf(roles);
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(netnode, "netnode");
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
