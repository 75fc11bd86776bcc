package io.xenvlan.core.hypervisor;

import io.xenvlan.core.error.InvalidInputException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool registered with {@code xenvlan pool add}.
 *
 * @param url                 the pool master ({@code https://host}); members redirect to it
 * @param integrationNetwork  name label of the integration network VIFs join with the Open vSwitch driver
 */
public record PoolSettings(PoolName name, URI url, String username, PasswordSource password, VifDriver vifDriver,
                           Optional<String> integrationNetwork, PoolTls tls) {

    /** @throws InvalidInputException for a missing user, a URL that is not http(s), or OVS without integration network */
    public PoolSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(vifDriver, "vifDriver");
        Objects.requireNonNull(integrationNetwork, "integrationNetwork");
        Objects.requireNonNull(tls, "tls");
        if (url == null || url.getHost() == null
                || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
            throw new InvalidInputException("url", "http_url", "url: must be https://host[:port] (or http://), got " + url);
        }
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("user", "required", "user: must not be empty");
        }
        if (vifDriver == VifDriver.OPENVSWITCH && integrationNetwork.isEmpty()) {
            throw new InvalidInputException("integration_network", "required",
                    "integration_network: the openvswitch VIF driver needs the integration network's name label");
        }
    }
}
