package io.xenvlan.core.ipam;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Optional;
import java.util.Set;

/**
 * Where the special addresses of one network sit: gateway (the first host address unless given),
 * the DHCP server (the next host address that is not the gateway) and dhcp_start (the first
 * address after them). Network, gateway, DHCP server and broadcast are reserved: never handed out.
 */
public record NetworkLayout(Cidr cidr, Ipv4Address gateway, Ipv4Address dhcpServer, Ipv4Address dhcpStart) {

    /** Smallest network that still leaves one address for a VM besides the four reserved ones (a /29). */
    public static final int MIN_SIZE = 8;

    /**
     * @throws InvalidInputException naming {@code gateway} when it is not a host address of the network
     */
    public static NetworkLayout of(Cidr cidr, Optional<Ipv4Address> gatewayOption) {
        if (cidr.size() < MIN_SIZE) {
            throw new InvalidInputException("network-size", "min-size",
                    "network-size: each network must hold at least " + MIN_SIZE + " addresses (a /29), " + cidr + " is too small");
        }
        Ipv4Address gateway = gatewayOption.orElse(cidr.address(1));
        if (!cidr.contains(gateway) || gateway.equals(cidr.network()) || gateway.equals(cidr.broadcast())) {
            throw new InvalidInputException("gateway", "in-network",
                    "gateway: " + gateway + " must be a host address of " + cidr);
        }
        Ipv4Address dhcpServer = cidr.address(1).equals(gateway) ? cidr.address(2) : cidr.address(1);
        long start = 1;
        while (cidr.address(start).equals(gateway) || cidr.address(start).equals(dhcpServer)) {
            start++;
        }
        return new NetworkLayout(cidr, gateway, dhcpServer, cidr.address(start));
    }

    /** The four addresses never handed to a VM. */
    public Set<Ipv4Address> reserved() {
        return Set.of(cidr.network(), gateway, dhcpServer, cidr.broadcast());
    }

    boolean isReserved(Ipv4Address address) {
        return reserved().contains(address);
    }
}
