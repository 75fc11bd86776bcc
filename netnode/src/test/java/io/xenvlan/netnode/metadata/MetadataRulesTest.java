package io.xenvlan.netnode.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.firewall.NodeFirewall;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The metadata redirect and guard as a part of the node's table: a map entry per leg behind one DNAT rule. */
class MetadataRulesTest {
    private final Network blue = TestNetworks.network(1, 100, "10.9.0.0/24");
    private final Network green = TestNetworks.network(2, 101, "10.9.1.0/24");

    @Test
    void everyLeg_isOneMapEntry_behindOneRedirect_andOneGuard() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        NodeFirewall firewall = new NodeFirewall(report, Optional.empty());
        MetadataRules rules = new MetadataRules(8775);
        firewall.register(rules);
        rules.add(blue, new InterfaceName("xvg100"));
        rules.add(green, new InterfaceName("xvg101"));
        rules.remove(green);

        firewall.apply();

        assertThat(report.report()).singleElement().satisfies(script -> assertThat(script).contains(
                "map metadata_dnat {", "type ifname : ipv4_addr", "elements = { \"xvg100\" : " + blue.dhcpServer() + " }",
                "chain metadata_in {", "type nat hook prerouting priority dstnat; policy accept;",
                "ip daddr 169.254.169.254 tcp dport 80 dnat to iifname map @metadata_dnat:8775 comment \"metadata to the node\"",
                "chain metadata_guard {", "tcp dport 8775 ct status ! dnat drop comment \"metadata through the redirect only\"")
                .doesNotContain("xvg101"));
    }

    @Test
    void listing_tellsWhichLegsRedirectIsMissing() {
        MetadataRules rules = new MetadataRules(8775);
        LiveTable live = LiveTable.parse("""
                {"nftables": [{"table": {"family": "ip", "name": "xenvlan"}},
                 {"map": {"family": "ip", "name": "metadata_dnat", "table": "xenvlan", "type": "ifname", "map": "ipv4_addr",
                  "elem": [["xvg100", "%s"]]}}]}
                """.formatted(blue.dhcpServer()));

        assertThat(rules.missing(blue, new InterfaceName("xvg100"), live)).isEmpty();
        assertThat(rules.missing(green, new InterfaceName("xvg101"), live))
                .containsExactly("map metadata_dnat lacks \"xvg101\" : " + green.dhcpServer());
    }
}
