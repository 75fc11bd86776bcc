package io.xenvlan.core.manager;

import io.xenvlan.core.error.InvalidInputException;
import java.time.Duration;

/**
 * Settings of the VLAN manager.
 *
 * @param staleTimeout how long a released address that dnsmasq still reports leased stays
 *                     unavailable (nova's fixed_ip_disassociate_timeout, default 600 s)
 */
public record VlanManagerConfig(Duration staleTimeout) {
    static final Duration DEFAULT_STALE_TIMEOUT = Duration.ofSeconds(600);

    public VlanManagerConfig {
        if (staleTimeout == null || staleTimeout.isNegative()) {
            throw new InvalidInputException("stale-timeout", "non-negative", "stale-timeout: must be a duration of 0 s or more");
        }
    }

    public static VlanManagerConfig defaults() {
        return new VlanManagerConfig(DEFAULT_STALE_TIMEOUT);
    }
}
