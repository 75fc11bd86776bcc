package io.xenvlan.core.manager;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code network create} asks for, as the user typed it; {@link VlanManager#createNetworks}
 * validates every field and names the field in its errors. Network i is the i-th subnet of
 * {@code networkSize} addresses in {@code cidr}, on the i-th free VLAN from {@code vlanStart}.
 */
public record NetworkRequest(
        String label,
        String cidr,
        int numNetworks,
        int networkSize,
        int vlanStart,
        Optional<Integer> vlan,
        Optional<String> bridge,
        String bridgeInterface,
        Optional<String> gateway,
        Optional<String> dns1,
        Optional<String> dns2,
        int mtu,
        Optional<String> project,
        Optional<String> dnsDomain) {

    public static final int DEFAULT_NUM_NETWORKS = 1;
    public static final int DEFAULT_NETWORK_SIZE = 256;
    public static final int DEFAULT_VLAN_START = 100;
    public static final String DEFAULT_BRIDGE_INTERFACE = "eth1";
    public static final int DEFAULT_MTU = 1500;

    public NetworkRequest {
        Objects.requireNonNull(vlan, "vlan");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(bridgeInterface, "bridgeInterface");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(dns1, "dns1");
        Objects.requireNonNull(dns2, "dns2");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
    }

    /** A request without a DNS domain of its own (its networks get the node's default domain). */
    public NetworkRequest(String label, String cidr, int numNetworks, int networkSize, int vlanStart, Optional<Integer> vlan,
                          Optional<String> bridge, String bridgeInterface, Optional<String> gateway, Optional<String> dns1,
                          Optional<String> dns2, int mtu, Optional<String> project) {
        this(label, cidr, numNetworks, networkSize, vlanStart, vlan, bridge, bridgeInterface, gateway, dns1, dns2, mtu, project,
                Optional.empty());
    }

    /** A request with nova's defaults: one network of 256 addresses from VLAN 100 on eth1, MTU 1500. */
    public static NetworkRequest of(String label, String cidr) {
        return new NetworkRequest(label, cidr, DEFAULT_NUM_NETWORKS, DEFAULT_NETWORK_SIZE, DEFAULT_VLAN_START,
                Optional.empty(), Optional.empty(), DEFAULT_BRIDGE_INTERFACE, Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_MTU, Optional.empty());
    }

    public NetworkRequest withCount(int numNetworks, int networkSize) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, vlan, bridge, bridgeInterface,
                gateway, dns1, dns2, mtu, project, dnsDomain);
    }

    public NetworkRequest withVlanStart(int start) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, start, vlan, bridge, bridgeInterface,
                gateway, dns1, dns2, mtu, project, dnsDomain);
    }

    public NetworkRequest withVlan(int tag) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, Optional.of(tag), bridge,
                bridgeInterface, gateway, dns1, dns2, mtu, project, dnsDomain);
    }

    public NetworkRequest withBridge(String name) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, vlan, Optional.of(name),
                bridgeInterface, gateway, dns1, dns2, mtu, project, dnsDomain);
    }

    NetworkRequest withGateway(String address) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, vlan, bridge, bridgeInterface,
                Optional.of(address), dns1, dns2, mtu, project, dnsDomain);
    }

    public NetworkRequest withProject(String id) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, vlan, bridge, bridgeInterface,
                gateway, dns1, dns2, mtu, Optional.of(id), dnsDomain);
    }

    /** The same request, its networks in DNS domain {@code domain} (checked when the request is carved). */
    public NetworkRequest withDnsDomain(String domain) {
        return new NetworkRequest(label, cidr, numNetworks, networkSize, vlanStart, vlan, bridge, bridgeInterface,
                gateway, dns1, dns2, mtu, project, Optional.of(domain));
    }
}
