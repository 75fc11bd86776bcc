package io.xenvlan.core.netnode;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What dnsmasq reported about one lease, at {@code at}; {@code expires} when dnsmasq told it. */
public record LeaseEvent(LeaseAction action, MacAddress mac, Ipv4Address address, Optional<String> hostname,
                         Optional<Instant> expires, Instant at) {
    public LeaseEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(at, "at");
    }
}
