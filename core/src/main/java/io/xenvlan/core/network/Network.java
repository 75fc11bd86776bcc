package io.xenvlan.core.network;

import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One VLAN network as the VLAN manager carved it: an address range on its own 802.1Q VLAN with
 * bridge {@code br<vlan>}, optionally owned by a project and served by a network node.
 *
 * @param id              store id; xenvlan's network id in XenAPI other_config
 * @param dhcpServer      the network node's address on the VLAN (dnsmasq listens here)
 * @param dhcpStart       first address handed to VMs
 * @param dnsDomain       its own DNS domain ({@code network create --dns-domain}); empty: the node's default
 *                        ({@code <label>.<netnode.dns-domain>})
 * @param bridgeInterface the trunk NIC on hosts and the network node (e.g. {@code eth1})
 * @param host            the network node serving this network, once one claimed it
 */
public record Network(
        long id,
        UUID uuid,
        NetworkLabel label,
        Cidr cidr,
        Ipv4Address gateway,
        Ipv4Address dhcpServer,
        Ipv4Address dhcpStart,
        Optional<Ipv4Address> dns1,
        Optional<Ipv4Address> dns2,
        Optional<DnsDomain> dnsDomain,
        VlanTag vlan,
        BridgeName bridge,
        InterfaceName bridgeInterface,
        int mtu,
        Optional<ProjectId> project,
        Optional<String> host) {

    public Network {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(dhcpServer, "dhcpServer");
        Objects.requireNonNull(dhcpStart, "dhcpStart");
        Objects.requireNonNull(dns1, "dns1");
        Objects.requireNonNull(dns2, "dns2");
        Objects.requireNonNull(dnsDomain, "dnsDomain");
        Objects.requireNonNull(vlan, "vlan");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(bridgeInterface, "bridgeInterface");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(host, "host");
    }

    public Ipv4Address netmask() {
        return cidr.netmask();
    }

    public Ipv4Address broadcast() {
        return cidr.broadcast();
    }
}
