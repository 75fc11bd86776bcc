package io.xenvlan.netnode.metadata;

import io.xenvlan.core.error.InvalidInputException;

/**
 * The metadata service's settings ({@code netnode.metadata-*}).
 *
 * @param enabled   whether served networks get the service
 * @param port      the node-local port the DNAT leads to (nova's metadata API port by default)
 * @param perSecond requests a VM may make per second once its burst is spent
 * @param burst     requests a VM may make at once
 */
public record MetadataConfig(boolean enabled, int port, int perSecond, int burst) {
    public static final int DEFAULT_PORT = 8775;

    /** @throws InvalidInputException naming the setting that breaks a rule */
    public MetadataConfig {
        if (port < 1 || port > 65535 || port == 80) {
            throw new InvalidInputException("metadata-port", "range", "metadata-port: must be 1..65535 and not 80, got " + port);
        }
        if (perSecond < 1 || perSecond > 10000) {
            throw new InvalidInputException("metadata-rate", "range", "metadata-rate: must be 1..10000 per second, got " + perSecond);
        }
        if (burst < 1 || burst > 100000) {
            throw new InvalidInputException("metadata-burst", "range", "metadata-burst: must be 1..100000, got " + burst);
        }
    }

    /** On, port 8775, 20 requests per second after a burst of 100. */
    public static MetadataConfig defaults() {
        return new MetadataConfig(true, DEFAULT_PORT, 20, 100);
    }

    public static MetadataConfig disabled() {
        return new MetadataConfig(false, DEFAULT_PORT, 20, 100);
    }
}
