package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IptablesGatewayTest {
    private final ReportingCommandRunner runner = new ReportingCommandRunner();
    private final IptablesGateway gateway = new IptablesGateway(runner, Optional.of(new NamespaceName("nn")), Optional.empty());

    @Test
    void ensure_dropsTrafficRoutedFromOneTenantLegIntoAnother_beforeAnyAccept() {
        gateway.start();
        gateway.ensure(network(1, 100, "10.1.0.0/24"), new InterfaceName("xvg100"));
        gateway.ensure(network(2, 101, "10.1.1.0/24"), new InterfaceName("xvg101"));

        List<String> report = runner.report();
        assertThat(report).contains("ip netns exec nn iptables -w 10 -t filter -N xenvlan-tenants",
                "ip netns exec nn iptables -w 10 -t filter -I FORWARD 1 -o xvg100 -m comment --comment xenvlan-net-1 -j xenvlan-tenants",
                "ip netns exec nn iptables -w 10 -t filter -I FORWARD 1 -o xvg101 -m comment --comment xenvlan-net-2 -j xenvlan-tenants",
                "ip netns exec nn iptables -w 10 -t filter -A xenvlan-tenants -i xvg100 -m comment --comment xenvlan-net-1 -j DROP",
                "ip netns exec nn iptables -w 10 -t filter -A xenvlan-tenants -i xvg101 -m comment --comment xenvlan-net-2 -j DROP");
        int lastAccept = report.size() - 1;
        assertThat(report.get(lastAccept)).endsWith("-j ACCEPT");
        assertThat(report.stream().filter(c -> c.contains("-j ACCEPT")).toList()).hasSize(4)
                .allSatisfy(c -> assertThat(c).contains("-A FORWARD"));
    }

    private static Network network(long id, int vlan, String cidr) {
        Cidr range = Cidr.parse(cidr);
        return new Network(id, UUID.randomUUID(), NetworkLabel.of("net-" + vlan), range, range.address(1), range.address(2),
                range.address(3), Optional.empty(), Optional.empty(), VlanTag.of(vlan), BridgeName.forVlan(VlanTag.of(vlan)),
                new InterfaceName("eth1"), 1500, Optional.of(ProjectId.of("p" + id)), Optional.empty());
    }
}
