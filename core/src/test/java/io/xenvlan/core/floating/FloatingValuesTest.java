package io.xenvlan.core.floating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FloatingValuesTest {

    @Test
    void pool_overASlash16_refusedNamingTheRange() {
        assertThat(FloatingPool.parse("big", "198.18.0.0/16", Optional.empty()).usable()).isEqualTo(65_534);
        assertThatThrownBy(() -> FloatingPool.parse("huge", "198.18.0.0/15", Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("range: 198.18.0.0/15 holds 131072 addresses; a pool holds at most 65,536 (a /16)")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("range"));
    }

    @Test
    void pool_badFields_named() {
        assertThatThrownBy(() -> FloatingPool.parse("ok", "203.0.113.1/24", Optional.empty()))
                .isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("range"));
        assertThatThrownBy(() -> FloatingPool.parse("bad name", "203.0.113.0/24", Optional.empty()))
                .isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("pool"));
        assertThatThrownBy(() -> FloatingPool.parse("ok", "203.0.113.0/24", Optional.of("eth0;reboot")))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("interface"));
    }

    @Test
    void pool_usableAddresses_skipNetworkAndBroadcast_exceptOnASlash31OrSlash32() {
        FloatingPool p24 = FloatingPool.parse("a", "203.0.113.0/24", Optional.empty());
        assertThat(p24.firstUsable().toString()).isEqualTo("203.0.113.1");
        assertThat(p24.lastUsable().toString()).isEqualTo("203.0.113.254");
        assertThat(FloatingPool.parse("b", "203.0.113.8/31", Optional.empty()).usable()).isEqualTo(2);
        assertThat(FloatingPool.parse("c", "203.0.113.9/32", Optional.empty()).usable()).isEqualTo(1);
    }

    @Test
    void portsAndProtocols() {
        assertThat(PortRange.parse("22")).isEqualTo(new PortRange(22, 22));
        assertThat(PortRange.parse("8000-8080").toString()).isEqualTo("8000-8080");
        for (String bad : new String[] {"0", "65536", "90-80", "22,23", "-1", ""}) {
            assertThatThrownBy(() -> PortRange.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("port"));
        }
        assertThat(Protocol.parse("TCP")).isEqualTo(Protocol.TCP);
        assertThatThrownBy(() -> Protocol.parse("sctp")).isInstanceOf(InvalidInputException.class)
                .hasMessage("protocol: must be tcp, udp or icmp, got 'sctp'");
    }

    @Test
    void rule_defaultsToAnywhere_icmpTakesNoPort() {
        IngressRule rule = IngressRule.parse("p1", "udp", Optional.of("53"), Optional.empty());
        assertThat(rule.from()).isEqualTo(IngressRule.ANYWHERE);
        assertThatThrownBy(() -> IngressRule.parse("p1", "icmp", Optional.of("8"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessage("port: icmp has no ports; leave --port out");
        assertThatThrownBy(() -> IngressRule.parse("p1", "tcp", Optional.empty(), Optional.of("10.0.0.1/8")))
                .isInstanceOf(InvalidInputException.class).satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("from"));
    }

    @Test
    void target_exactlyOneOfVmAndFixedAddress() {
        assertThat(FloatingIps.target(Optional.of("vm-1"), Optional.empty())).isInstanceOf(AssociationTarget.Vm.class);
        assertThat(FloatingIps.target(Optional.empty(), Optional.of("10.0.0.3"))).isInstanceOf(AssociationTarget.FixedAddress.class);
        assertThatThrownBy(() -> FloatingIps.target(Optional.of("vm-1"), Optional.of("10.0.0.3")))
                .isInstanceOf(InvalidInputException.class).hasMessage("vm: give either a VM or a fixed address, not both");
        assertThatThrownBy(() -> FloatingIps.target(Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessage("vm: give a VM or a fixed address to associate with");
    }

    @Test
    void quota_bounded() {
        assertThat(FloatingConfig.defaults().quota()).isEqualTo(10);
        assertThatThrownBy(() -> new FloatingConfig(-1, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("quota.floating-ips:");
    }
}
