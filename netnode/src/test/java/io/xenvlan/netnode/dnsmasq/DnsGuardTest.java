package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.firewall.NodeFirewall;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The DNS guard as a part of the node's table: one rule for all networks, elements per network, checked from one listing. */
class DnsGuardTest {
    private final Network blue = TestNetworks.network(1, 100, "10.9.0.0/24");
    private final Network green = TestNetworks.network(2, 101, "10.9.1.0/24");

    @Test
    void everyNetwork_isOnePairInASet_behindOneRule_inOneTransaction() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        NodeFirewall firewall = new NodeFirewall(report, Optional.empty());
        DnsGuard guard = new DnsGuard();
        firewall.register(guard);
        guard.serve(blue, new InterfaceName("xvg100"));
        guard.serve(green, new InterfaceName("xvg101"));
        guard.stop(green, new InterfaceName("xvg101"));
        guard.serve(green, new InterfaceName("xvg101"));

        firewall.apply();

        assertThat(report.report()).singleElement().satisfies(script -> assertThat(script).contains(
                "set dns_guarded {", "elements = { " + blue.dhcpServer() + ", " + green.dhcpServer() + " }",
                "set dns_legs {", "type ipv4_addr . ifname",
                "elements = { " + blue.dhcpServer() + " . \"xvg100\", " + green.dhcpServer() + " . \"xvg101\" }",
                "chain dns_guard {", "type filter hook input priority filter; policy accept;",
                "meta l4proto { tcp, udp } th dport 53 ip daddr @dns_guarded ip daddr . iifname != @dns_legs drop"
                        + " comment \"dns from its own leg only\""));
    }

    @Test
    void aStoppedNetwork_leavesTheSets() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        NodeFirewall firewall = new NodeFirewall(report, Optional.empty());
        DnsGuard guard = new DnsGuard();
        firewall.register(guard);
        guard.serve(blue, new InterfaceName("xvg100"));
        guard.stop(blue, new InterfaceName("xvg100"));

        firewall.apply();

        assertThat(report.report()).singleElement().satisfies(script -> assertThat(script)
                .doesNotContain(blue.dhcpServer().toString()).contains("chain dns_guard {"));
    }

    @Test
    void listing_tellsWhichNetworksPairIsMissing() {
        DnsGuard guard = new DnsGuard();
        LiveTable live = LiveTable.parse("""
                {"nftables": [{"table": {"family": "ip", "name": "xenvlan"}},
                 {"set": {"family": "ip", "name": "dns_guarded", "table": "xenvlan", "type": "ipv4_addr",
                  "elem": ["%s", "%s"]}},
                 {"set": {"family": "ip", "name": "dns_legs", "table": "xenvlan", "type": ["ipv4_addr", "ifname"],
                  "elem": [{"concat": ["%s", "xvg100"]}, {"concat": ["%s", "xvg999"]}]}}]}
                """.formatted(blue.dhcpServer(), green.dhcpServer(), blue.dhcpServer(), green.dhcpServer()));

        assertThat(guard.missing(blue, new InterfaceName("xvg100"), live)).isEmpty();
        assertThat(guard.missing(green, new InterfaceName("xvg101"), live))
                .containsExactly("set dns_legs lacks " + green.dhcpServer() + " . \"xvg101\"");
        assertThat(guard.missing(green, new InterfaceName("xvg101"), LiveTable.absent())).isEmpty();
    }
}
