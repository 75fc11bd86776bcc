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
    /** iptables as a list of rules: -C answers from it, -A appends, -D removes one copy. */
    private final List<String> rules = new ArrayList<>();
    private final ScriptedRunner runner = new ScriptedRunner(this::iptables);
    private final Network net = TestNetworks.network(4, 104, "10.9.4.0/24");
    private final InterfaceName leg = new InterfaceName("xvg104");

    private io.xenvlan.netnode.exec.CommandResult iptables(Command c) {
        if (!c.program().equals("iptables")) {
            return ScriptedRunner.ok();
        }
        List<String> a = c.argv();
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
                "filter FORWARD -i xvg104 -m comment --comment xenvlan-net-4 -j ACCEPT",
                "filter FORWARD -o xvg104 -m comment --comment xenvlan-net-4 -j ACCEPT",
                "nat POSTROUTING -s 10.9.4.0/24 -o eth0 -m comment --comment xenvlan-net-4 -j MASQUERADE");
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
    void start_turnsForwardingOn() {
        new IptablesGateway(runner, Optional.empty(), Optional.empty()).start();
        assertThat(runner.commands).containsExactly("sysctl -q -w net.ipv4.ip_forward=1");
    }
}
