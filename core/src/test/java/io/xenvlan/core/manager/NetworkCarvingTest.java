package io.xenvlan.core.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.port.NewNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkCarvingTest {

    @Test
    void carve_ithSubnetOnIthVlanWithNovaNames() {
        List<NewNetwork> planned = new NetworkCarving(NetworkRequest.of("net", "10.1.0.0/16").withCount(3, 256).withVlanStart(200))
                .carve(List.of());
        assertThat(planned).extracting(n -> n.layout().cidr().toString())
                .containsExactly("10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24");
        assertThat(planned).extracting(n -> n.vlan().value()).containsExactly(200, 201, 202);
        assertThat(planned).extracting(n -> n.bridge().value()).containsExactly("br200", "br201", "br202");
        assertThat(planned).extracting(n -> n.label().value()).containsExactly("net_1", "net_2", "net_3");
        assertThat(planned.get(1).layout().gateway()).hasToString("10.1.1.1");
        assertThat(planned.get(1).layout().dhcpServer()).hasToString("10.1.1.2");
        assertThat(planned.get(1).layout().dhcpStart()).hasToString("10.1.1.3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed cidr        | 10.0.0/24   | 1 | 256 | 100 | cidr         | ipv4",
            "no prefix             | 10.0.0.0    | 1 | 256 | 100 | cidr         | cidr",
            "host bits             | 10.0.0.1/24 | 1 | 256 | 100 | cidr         | host-bits",
            "beyond /30            | 10.0.0.0/24 | 1 | 4   | 100 | network-size | min-size",
            "not a power of two    | 10.0.0.0/24 | 1 | 100 | 100 | network-size | power-of-two",
            "too small             | 10.0.0.0/24 | 1 | 2   | 100 | network-size | min-size",
            "more than range holds | 10.0.0.0/24 | 3 | 128 | 100 | num-networks | fits-range",
            "no networks           | 10.0.0.0/24 | 0 | 128 | 100 | num-networks | range",
            "vlan-start too low    | 10.0.0.0/24 | 1 | 256 | 0   | vlan-start   | range",
            "vlan-start too high   | 10.0.0.0/24 | 1 | 256 | 4095| vlan-start   | range",
    })
    void invalidRequest_namesFieldAndRule(String name, String cidr, int count, int size, int vlanStart, String field, String rule) {
        NetworkRequest r = NetworkRequest.of("n", cidr).withCount(count, size).withVlanStart(vlanStart);
        assertThatThrownBy(() -> new NetworkCarving(r))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(field + ":")
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).field()).isEqualTo(field);
                    assertThat(((InvalidInputException) e).rule()).isEqualTo(rule);
                });
    }

    @ParameterizedTest
    @CsvSource({"0", "4095", "-1"})
    void vlanOutsideRange_rejected(int vlan) {
        assertThatThrownBy(() -> new NetworkCarving(NetworkRequest.of("n", "10.0.0.0/24").withVlan(vlan)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("vlan:").hasMessageContaining("1 and 4094");
    }

    @Test
    void vlanWithManyNetworks_rejectedNamingSingleNetworkRule() {
        assertThatThrownBy(() -> new NetworkCarving(NetworkRequest.of("n", "10.0.0.0/16").withCount(2, 256).withVlan(5)))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("vlan:").hasMessageContaining("num-networks is 1");
    }

    @Test
    void badBridgeName_rejected() {
        assertThatThrownBy(() -> new NetworkCarving(NetworkRequest.of("n", "10.0.0.0/24").withBridge("this-name-is-too-long")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("bridge:");
    }

    @Test
    void dnsDomain_carriedToEveryNetwork_inLowerCase() {
        List<NewNetwork> planned = new NetworkCarving(NetworkRequest.of("n", "10.0.0.0/23").withCount(2, 256)
                .withDnsDomain("Corp.Example")).carve(List.of());
        assertThat(planned).extracting(n -> n.dnsDomain().orElseThrow().value()).containsExactly("corp.example", "corp.example");
        assertThat(new NetworkCarving(NetworkRequest.of("n", "10.0.0.0/24")).carve(List.of()).get(0).dnsDomain()).isEmpty();
    }

    @Test
    void badDnsDomain_rejectedBeforeTheStore() {
        assertThatThrownBy(() -> new NetworkCarving(NetworkRequest.of("n", "10.0.0.0/24").withDnsDomain("corp..example")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("dns_domain");
                    assertThat(e.rule()).isEqualTo("dns-name");
                });
    }
}
