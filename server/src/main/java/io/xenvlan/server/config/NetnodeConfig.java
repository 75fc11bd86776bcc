package io.xenvlan.server.config;

import java.util.Map;
import java.util.Optional;

/**
 * The network node role's settings as written ({@code netnode.*} keys without the prefix, e.g.
 * {@code driver}, {@code trunk-bridge}); the netnode module validates them when the role starts.
 *
 * @param leaveServingOnShutdown keep dnsmasq children serving when the server stops
 *                               ({@code netnode.on-shutdown = leave}) instead of stopping them
 */
public record NetnodeConfig(Map<String, String> values, boolean leaveServingOnShutdown) {
    public NetnodeConfig {
        values = Map.copyOf(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
