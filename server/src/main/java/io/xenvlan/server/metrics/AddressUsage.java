package io.xenvlan.server.metrics;

/**
 * How a network's addresses are used. {@code free} can be handed out now; {@code released}
 * were given back but dnsmasq still holds a lease (free once it goes or goes stale).
 */
public record AddressUsage(long networkId, int total, int reserved, int allocated, int released) {
    public int free() {
        return total - reserved - allocated - released;
    }
}
