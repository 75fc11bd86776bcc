package io.xenvlan.sim.ovs;

import java.time.Duration;
import java.util.Optional;

/**
 * The lease a guest's DHCP client obtained and configured on its interface.
 *
 * @param address  the address ({@code 10.20.0.3})
 * @param prefix   the prefix length of the subnet mask
 * @param router   the router option, when the server sent one
 * @param serverId the DHCP server that granted it
 * @param mtu      the interface MTU option, when the server sent one
 * @param elapsed  from starting the client to the address being configured
 */
public record DhcpLease(String address, int prefix, Optional<String> router, String serverId, Optional<Integer> mtu,
                        Duration elapsed) {
}
