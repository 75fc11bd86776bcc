package io.xenvlan.core.netnode;

import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Instant;

/** A lease the store believes a client holds; used to seed dnsmasq's lease file at start. */
public record ActiveLease(MacAddress mac, Ipv4Address address, Hostname hostname, Instant expires) {}
