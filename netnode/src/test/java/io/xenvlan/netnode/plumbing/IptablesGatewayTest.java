package io.xenvlan.netnode.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IptablesGatewayTest {
    /** iptables as a list of rules: -C answers from it, -A appends, -I 1 inserts first, -D removes one copy. */
    private final List<String> rules = new ArrayList<>();
    private final List<String> chains = new ArrayList<>();
    private final ScriptedRunner runner = new ScriptedRunner(this::iptables);
    private final Network net = TestNetworks.network(4, 104, "10.9.4.0/24");
    private final InterfaceName leg = new InterfaceName("xvg104");

    private io.xenvlan.netnode.exec.CommandResult iptables(Command c) {
        if (!c.program().equals("iptables")) {
            return ScriptedRunner.ok();
        }
        List<String> a = c.argv();
        if (a.contains("-N")) {
            chains.add(a.get(a.indexOf("-N") + 1));
            return ScriptedRunner.ok();
        }
        if (a.contains("-L")) {
            return chains.contains(a.get(a.indexOf("-L") + 1)) ? ScriptedRunner.ok() : ScriptedRunner.fail(1, "No chain");
        }
        if (a.contains("-I")) {
            int op = a.indexOf("-I");
            rules.add(0, a.get(op - 1) + " " + a.get(op + 1) + " " + String.join(" ", a.subList(op + 3, a.size())));
            return ScriptedRunner.ok();
        }
        int op = a.indexOf("-C") >= 0 ? a.indexOf("-C") : a.indexOf("-A") >= 0 ? a.indexOf("-A") : a.indexOf("-D");
        String rule = a.get(op - 1) + " " + String.join(" ", a.subList(op + 1, a.size()));
        switch (a.get(op)) {
            case "-A" -> rules.add(rule);
            case "-D" -> rules.remove(rule);
            default -> {
                return rules.contains(rule) ? ScriptedRunner.ok() : ScriptedRunner.fail(1, "Bad rule");
            }
        }
        return ScriptedRunner.ok();
    }

    @Test
    void ensure_isIdempotent_andSnatsTheRange() {
        IptablesGateway gw = new IptablesGateway(runner, Optional.empty(), Optional.of(new InterfaceName("eth0")));

        gw.ensure(net, leg);
        gw.ensure(net, leg);

        assertThat(rules).containsExactly(
                "filter FORWARD -o xvg104 -m comment --comment xenvlan-net-4 -j xenvlan-tenants",
                "filter xenvlan-tenants -i xvg104 -m comment --comment xenvlan-net-4 -j DROP",
                "filter FORWARD -i xvg104 -m comment --comment xenvlan-net-4 -j ACCEPT",
                "filter FORWARD -o xvg104 -m comment --comment xenvlan-net-4 -j ACCEPT",
                "nat POSTROUTING -s 10.9.4.0/24 -o eth0 -m comment --comment xenvlan-net-4 -j MASQUERADE");
    }

    @Test
    void ensure_dropsTrafficRoutedFromOneTenantLegIntoAnother_beforeAnyAccept() {
        IptablesGateway gw = new IptablesGateway(runner, Optional.empty(), Optional.empty());
        gw.start();
        gw.ensure(net, leg);
        gw.ensure(TestNetworks.network(5, 105, "10.9.5.0/24"), new InterfaceName("xvg105"));

        List<String> forward = rules.stream().filter(r -> r.startsWith("filter FORWARD")).toList();
        assertThat(forward.subList(0, 2)).allSatisfy(r -> assertThat(r).endsWith("-j xenvlan-tenants"))
                .anySatisfy(r -> assertThat(r).contains("-o xvg104")).anySatisfy(r -> assertThat(r).contains("-o xvg105"));
        assertThat(forward.subList(2, forward.size())).allSatisfy(r -> assertThat(r).endsWith("-j ACCEPT"));
        assertThat(rules).contains("filter xenvlan-tenants -i xvg104 -m comment --comment xenvlan-net-4 -j DROP",
                "filter xenvlan-tenants -i xvg105 -m comment --comment xenvlan-net-5 -j DROP");
    }

    @Test
    void remove_deletesEveryCopy() {
        IptablesGateway gw = new IptablesGateway(runner, Optional.empty(), Optional.of(new InterfaceName("eth0")));
        gw.ensure(net, leg);
        rules.addAll(List.copyOf(rules));

        gw.remove(net, leg);

        assertThat(rules).isEmpty();
    }

    @Test
    void withoutPublicInterface_noSnat() {
        new IptablesGateway(runner, Optional.empty(), Optional.empty()).ensure(net, leg);
        assertThat(rules).noneMatch(r -> r.contains("MASQUERADE"));
    }

    @Test
    void start_turnsForwardingOn_andMakesTheIsolationChainOnce() {
        IptablesGateway gw = new IptablesGateway(runner, Optional.empty(), Optional.empty());
        gw.start();
        gw.start();
        assertThat(runner.commands).containsExactly("sysctl -q -w net.ipv4.ip_forward=1",
                "iptables -w 10 -t filter -n -L xenvlan-tenants", "iptables -w 10 -t filter -N xenvlan-tenants",
                "sysctl -q -w net.ipv4.ip_forward=1", "iptables -w 10 -t filter -n -L xenvlan-tenants");
    }
}
