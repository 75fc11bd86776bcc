package io.xenvlan.netnode.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.netnode.firewall.NftTable.NftChain;
import io.xenvlan.netnode.firewall.NftTable.NftRule;
import io.xenvlan.netnode.firewall.NftTable.NftSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The node's nftables table: what the parts render, one transaction per apply, and what a listing says is missing. */
class NodeFirewallTest {
    private final Network blue = TestNetworks.network(1, 100, "10.9.0.0/24");
    private final Network green = TestNetworks.network(2, 101, "10.9.1.0/24");

    @Test
    void gateway_twoRulesWhateverTheNumberOfNetworks_inOneTransaction() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        NodeFirewall firewall = new NodeFirewall(report, Optional.empty());
        GatewayRules gateway = new GatewayRules(Optional.of(new InterfaceName("eth0")));
        firewall.register(gateway);
        gateway.add(blue, new InterfaceName("xvg100"));
        gateway.add(green, new InterfaceName("xvg101"));

        firewall.apply();

        assertThat(report.report()).containsExactly(String.join("\n", "nft -f - <<EOF",
                "table ip xenvlan",
                "delete table ip xenvlan",
                "table ip xenvlan {",
                "  set legs {",
                "    type ifname",
                "    elements = { \"xvg100\", \"xvg101\" }",
                "  }",
                "  set networks {",
                "    type ipv4_addr",
                "    flags interval",
                "    elements = { 10.9.0.0/24, 10.9.1.0/24 }",
                "  }",
                "  chain forward {",
                "    type filter hook forward priority filter; policy accept;",
                "    iifname @legs oifname @legs drop comment \"projects stay apart\"",
                "  }",
                "  chain postrouting {",
                "    type nat hook postrouting priority srcnat; policy accept;",
                "    oifname \"eth0\" ip saddr @networks masquerade comment \"networks masqueraded\"",
                "  }",
                "}",
                "EOF"));
    }

    @Test
    void anotherServicesPart_goesInTheSameTransaction() {
        ReportingCommandRunner report = new ReportingCommandRunner();
        NodeFirewall firewall = new NodeFirewall(report, Optional.empty());
        firewall.register(new GatewayRules(Optional.empty()));
        firewall.register(table -> table.set(new NftSet("floating_dnat", true, "ipv4_addr : ipv4_addr", List.of(),
                List.of("203.0.113.5 : 10.9.0.7"))).chain(new NftChain("floating_in", Optional.of(
                "type nat hook prerouting priority dstnat; policy accept;"), List.of(new NftRule("floating ips in",
                "dnat to ip daddr map @floating_dnat")))));

        firewall.apply();

        assertThat(report.report()).singleElement().satisfies(script -> assertThat(script)
                .contains("map floating_dnat {", "elements = { 203.0.113.5 : 10.9.0.7 }", "chain floating_in {",
                        "dnat to ip daddr map @floating_dnat comment \"floating ips in\"", "chain forward {"));
        assertThatThrownBy(() -> new NftTable.Builder("xenvlan").chain(new NftChain("forward", Optional.empty(), List.of()))
                .chain(new NftChain("forward", Optional.empty(), List.of()))).hasMessageContaining("chain forward");
    }

    @Test
    void listing_tellsWhatIsMissing_tableWideAndPerNetwork() {
        GatewayRules gateway = new GatewayRules(Optional.of(new InterfaceName("eth0")));
        gateway.add(blue, new InterfaceName("xvg100"));
        gateway.add(green, new InterfaceName("xvg101"));
        NftTable.Builder wanted = new NftTable.Builder("xenvlan");
        gateway.contribute(wanted);
        LiveTable live = LiveTable.parse("""
                {"nftables": [{"metainfo": {"version": "1.0.6"}}, {"table": {"family": "ip", "name": "xenvlan"}},
                 {"set": {"family": "ip", "name": "legs", "table": "xenvlan", "type": "ifname", "elem": ["xvg100"]}},
                 {"set": {"family": "ip", "name": "networks", "table": "xenvlan", "type": "ipv4_addr", "flags": ["interval"],
                  "elem": [{"prefix": {"addr": "10.9.0.0", "len": 24}}, {"prefix": {"addr": "10.9.1.0", "len": 24}}]}},
                 {"chain": {"family": "ip", "table": "xenvlan", "name": "forward", "hook": "forward"}},
                 {"chain": {"family": "ip", "table": "xenvlan", "name": "postrouting", "hook": "postrouting"}},
                 {"rule": {"family": "ip", "table": "xenvlan", "chain": "forward", "comment": "projects stay apart"}}]}
                """);

        assertThat(live.missingStructure(wanted.build())).containsExactly("rule 'networks masqueraded' of chain postrouting is missing");
        assertThat(gateway.missing(blue, new InterfaceName("xvg100"), live)).isEmpty();
        assertThat(gateway.missing(green, new InterfaceName("xvg101"), live)).containsExactly("set legs lacks xvg101");
        assertThat(live.elements("networks")).contains(Set.of("10.9.0.0/24", "10.9.1.0/24"));
        assertThat(LiveTable.absent().missingStructure(wanted.build())).containsExactly("table ip xenvlan is missing");
    }

    @Test
    void overlappingRanges_keepTheOutermost() {
        assertThat(GatewayRules.outermost(List.of(Cidr.parse("10.9.1.0/24"), Cidr.parse("10.9.0.0/16"), Cidr.parse("10.10.0.0/24"),
                Cidr.parse("10.9.1.0/24")))).containsExactly(Cidr.parse("10.9.0.0/16"), Cidr.parse("10.10.0.0/24"));
    }

    @Test
    void names_andTags_areValidated() {
        assertThatThrownBy(() -> new NftRule("x\"; flush ruleset", "accept")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NftRule("ok", "accept; flush ruleset")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NftSet("bad name", false, "ifname", List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
