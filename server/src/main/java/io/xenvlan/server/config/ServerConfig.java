package io.xenvlan.server.config;

import io.xenvlan.core.floating.FloatingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code xenvlan server} is configured with, validated at start-up (see
 * {@link ConfigLoader}); immutable, one sub-config per concern.
 *
 * @param vifDhcpWait how long {@code vif attach} waits for the network node to serve the VM's DHCP entry
 *                    before it creates the VIF ({@code vif.dhcp-wait}; zero: it does not wait)
 * @param audit       the API role's periodic audit of the registered pools ({@code audit.*})
 * @param floating    floating IP quota and auto-assignment ({@code quota.floating-ips}, {@code floating.auto-assign})
 */
public record ServerConfig(Set<Role> roles, Path stateDir, HttpConfig http, DatabaseConfig database, NetnodeConfig netnode,
                           Duration vifDhcpWait, AuditConfig audit, FloatingConfig floating) {
    public ServerConfig {
        Objects.requireNonNull(floating, "floating");
        Objects.requireNonNull(audit, "audit");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(vifDhcpWait, "vifDhcpWait");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(netnode, "netnode");
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
