package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.dataplane.GuestShell;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.metadata.MetadataConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DNS per network on the real data plane, asked with dig from VM namespaces: a VM resolves the
 * peers of its network by name, forward and reverse (names from their profiles, a name given
 * after boot included), other names go to the upstream, and nothing of another network resolves,
 * neither through its own server nor by asking the other network's server.
 */
@Tag("dataplane")
class DnsDataplaneTest extends GuestDataplaneTest {
    private Allocation allocate(Network net, String instance, String hostname) {
        Allocation a = allocate(net, instance);
        guests.saveProfile(a.vifUuid(), new GuestProfile(new Hostname(hostname), hostname, List.of(), Optional.empty()));
        return a;
    }

    @Test
    void vmsResolveTheirOwnNetworksNames_forwardAndReverse_andNothingOfAnotherNetwork() {
        Network blue = run.network(131, "10.77.31.0/24", 256);
        Network green = run.network(132, "10.77.32.0/24", 256);
        Allocation a = allocate(blue, "vm-a", "web");
        Allocation b = allocate(blue, "vm-b", "db");
        Allocation g = allocate(green, "vm-g", "vault");
        // an upstream in the node's namespace: a dnsmasq on its loopback that knows one outside name
        plane.run("ip", "netns", "exec", bench.nodeNs, "ip", "addr", "add", "127.0.0.53/8", "dev", "lo");
        plane.run("ip", "netns", "exec", bench.nodeNs, "dnsmasq", "--conf-file=", "--no-hosts", "--no-resolv", "--bind-interfaces",
                "--listen-address=127.0.0.53", "--address=/outside.example/192.0.2.80", "--pid-file=" + run.state.resolve("up.pid"));
        run.startNode(run.nodeConfig(), MetadataConfig.disabled(),
                new DnsSettings("lab.test", List.of(Ipv4Address.parse("127.0.0.53"))));
        awaitLive(blue);
        awaitLive(green);
        GuestShell vmA = boot("da", blue, a);
        String blueDns = blue.dhcpServer().toString();

        assertThat(vmA.dig(blueDns, "db.net-131.lab.test")).containsExactly(b.address().toString());
        assertThat(vmA.dig(blueDns, "db")).as("the short name").containsExactly(b.address().toString());
        assertThat(vmA.dig(blueDns, "-x", b.address().toString())).containsExactly("db.net-131.lab.test.");
        assertThat(vmA.dig(blueDns, "outside.example")).as("forwarded upstream").containsExactly("192.0.2.80");
        assertThat(vmA.digStatus(blueDns, "nobody.net-131.lab.test")).isEqualTo("NXDOMAIN");

        assertThat(vmA.dig(blueDns, "vault.net-132.lab.test")).as("another network's name, asked of its own server").isEmpty();
        assertThat(vmA.dig(blueDns, "vault")).isEmpty();
        assertThat(vmA.dig(blueDns, "-x", g.address().toString())).isEmpty();
        assertThat(vmA.digStatus(green.dhcpServer().toString(), "vault.net-132.lab.test"))
                .as("the other network's server asked directly, through the node: dropped").isEmpty();

        Allocation late = allocate(blue, "vm-late", "cache");
        awaitLive(blue);
        assertThat(vmA.dig(blueDns, "cache.net-131.lab.test")).as("a VM attached later").containsExactly(late.address().toString());
        guests.saveProfile(late.vifUuid(), new GuestProfile(new Hostname("cache2"), "cache2", List.of(), Optional.empty()));
        awaitLive(blue);
        assertThat(vmA.dig(blueDns, "cache2.net-131.lab.test")).as("a name changed after boot").containsExactly(late.address().toString());
    }

    @Test
    void aNetworksOwnDomain_servedForwardReverseAndByDhcp_andNotToAnotherNetwork() {
        Network corp = run.network(133, "10.77.33.0/24", 256, "Corp.Example");
        Network other = run.network(134, "10.77.34.0/24", 256);
        Allocation c = allocate(corp, "vm-c", "web");
        Allocation peer = allocate(corp, "vm-p", "peer");
        Allocation o = allocate(other, "vm-o", "spy");
        run.startNode(run.nodeConfig(), MetadataConfig.disabled(), new DnsSettings("lab.test", List.of()));
        awaitLive(corp);
        awaitLive(other);
        GuestShell vmC = boot("dc", corp, c);
        GuestShell vmO = boot("do", other, o);
        String corpDns = corp.dhcpServer().toString();
        String otherDns = other.dhcpServer().toString();

        assertThat(plane.dhcp("dc").domain()).as("DHCP option 15").contains("corp.example");
        assertThat(plane.dhcp("do").domain()).as("the other network keeps the node's default").contains("net-134.lab.test");
        assertThat(vmC.dig(corpDns, "peer.corp.example")).containsExactly(peer.address().toString());
        assertThat(vmC.dig(corpDns, "PEER.Corp.Example")).as("names are case-insensitive").containsExactly(peer.address().toString());
        assertThat(vmC.dig(corpDns, "-x", peer.address().toString())).containsExactly("peer.corp.example.");
        assertThat(vmC.dig(corpDns, "peer")).as("the short name").containsExactly(peer.address().toString());
        assertThat(vmC.digStatus(corpDns, "nobody.corp.example")).isEqualTo("NXDOMAIN");
        assertThat(vmC.dig(corpDns, "peer.net-133.lab.test")).as("not under the default domain any more").isEmpty();

        assertThat(vmO.dig(otherDns, "spy.net-134.lab.test")).containsExactly(o.address().toString());
        assertThat(vmO.dig(otherDns, "peer.corp.example")).as("another network's name, asked of its own server").isEmpty();
        assertThat(vmO.dig(otherDns, "-x", peer.address().toString())).isEmpty();
        assertThat(vmO.digStatus(corpDns, "peer.corp.example")).as("the corp network's server asked directly: dropped").isEmpty();
    }
}
