package io.xenvlan.core.netnode;

import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.util.Objects;

/** One static DHCP reservation: dnsmasq hands {@code address} to {@code mac}. */
public record HostEntry(MacAddress mac, Hostname hostname, Ipv4Address address) {
    public HostEntry {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(address, "address");
    }
}
