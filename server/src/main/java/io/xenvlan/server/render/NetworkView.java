package io.xenvlan.server.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A network as the API answers it and the CLI prints it.
 *
 * @param dns1 null when the network has none (likewise {@code dns2}, {@code dnsDomain}, {@code project}, {@code host})
 * @param usage how its addresses are used, only in the API's answers that count them (list, show, create)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkView(long id, String uuid, String label, String cidr, String netmask, String gateway, String broadcast,
                          String dhcpServer, String dhcpStart, String dns1, String dns2, String dnsDomain, int vlan, String bridge,
                          String bridgeInterface, int mtu, String project, String host,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    /** The network's addresses by state. */
    public record Usage(int total, int reserved, int allocated, int released, int free) {}

    /** This network with its address usage. */
    public NetworkView withUsage(Usage counted) {
        return new NetworkView(id, uuid, label, cidr, netmask, gateway, broadcast, dhcpServer, dhcpStart, dns1, dns2, dnsDomain, vlan,
                bridge, bridgeInterface, mtu, project, host, counted);
    }

    /** This network as the CLI prints it: without usage (what a local command prints has none). */
    public NetworkView withoutUsage() {
        return withUsage(null);
    }
}
