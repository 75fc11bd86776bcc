package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsSettingsTest {
    private final Network plain = TestNetworks.network(1, 100, "10.9.0.0/24");
    private final Network corp = withDomain(plain, "corp.example");

    private static Network withDomain(Network n, String domain) {
        return new Network(n.id(), n.uuid(), n.label(), n.cidr(), n.gateway(), n.dhcpServer(), n.dhcpStart(), n.dns1(), n.dns2(),
                Optional.of(new DnsDomain(domain)), n.vlan(), n.bridge(), n.bridgeInterface(), n.mtu(), n.project(), n.host());
    }

    @Test
    void domainOf_theNetworksOwn_elseItsLabelUnderTheSuffix() {
        DnsSettings dns = new DnsSettings("lab.test", List.of());
        assertThat(dns.domainOf(corp)).isEqualTo("corp.example");
        assertThat(dns.domainOf(plain)).isEqualTo("net-100.lab.test");
        assertThat(DnsSettings.defaults().domainOf(plain)).isEqualTo("net-100.xenvlan.internal");
    }

    @Test
    void dnsmasqCommand_servesTheNetworksOwnDomain_localOnly() {
        List<String> argv = DnsmasqCommand.of(corp, new InterfaceName("leg100"), DnsmasqFiles.of(Path.of("/state"), corp.id()),
                Path.of("/state/dhcp-event"), Duration.ofHours(2), new DnsSettings("lab.test", List.of()), true).argv();
        assertThat(argv).contains("--domain=corp.example", "--local=/corp.example/")
                .noneMatch(a -> a.contains("lab.test"));
    }
}
