package io.xenvlan.netnode;

import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.util.Optional;
import java.util.UUID;

/** Networks and host entries for tests, laid out the nova way (gateway .1, DHCP server .2, VMs from .3). */
public final class TestNetworks {
    private TestNetworks() {}

    /** A project-owned network with MTU 1400 and one DNS server. */
    public static Network network(long id, int vlan, String cidr) {
        Cidr range = Cidr.parse(cidr);
        return new Network(id, UUID.nameUUIDFromBytes(("net" + id).getBytes()), NetworkLabel.of("net-" + vlan), range,
                range.address(1), range.address(2), range.address(3), Optional.of(Ipv4Address.parse("192.0.2.53")),
                Optional.empty(), Optional.empty(), VlanTag.of(vlan), BridgeName.forVlan(VlanTag.of(vlan)), new InterfaceName("eth1"), 1400,
                Optional.of(ProjectId.of("project-" + id)), Optional.empty());
    }

    /** The host entry of the {@code index}-th VM (0-based) of a network: MAC fa:16:3e:xx:xx:xx, address from .3 on. */
    public static HostEntry host(Network network, int index) {
        return new HostEntry(new MacAddress(MacAddress.XENVLAN_PREFIX << 24 | (network.id() << 16 & 0xff0000) | index),
                Hostname.sanitize("vm-" + index), network.cidr().address(3L + index));
    }
}
