package io.xenvlan.core.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.Ipv4Address;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetworkLayoutTest {

    @Test
    void defaults_gatewayFirstHostThenDhcpServerThenStart() {
        NetworkLayout l = NetworkLayout.of(Cidr.parse("10.0.1.0/24"), Optional.empty());
        assertThat(l.gateway()).hasToString("10.0.1.1");
        assertThat(l.dhcpServer()).hasToString("10.0.1.2");
        assertThat(l.dhcpStart()).hasToString("10.0.1.3");
        assertThat(l.reserved()).extracting(Object::toString)
                .containsExactlyInAnyOrder("10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.255");
    }

    @Test
    void givenGateway_dhcpServerTakesTheFirstOtherHost() {
        NetworkLayout l = NetworkLayout.of(Cidr.parse("10.0.1.0/24"), Optional.of(Ipv4Address.parse("10.0.1.254")));
        assertThat(l.dhcpServer()).hasToString("10.0.1.1");
        assertThat(l.dhcpStart()).hasToString("10.0.1.2");
        assertThat(l.isReserved(Ipv4Address.parse("10.0.1.254"))).isTrue();
    }

    @Test
    void gatewayOutsideNetwork_rejectedNamingGateway() {
        assertThatThrownBy(() -> NetworkLayout.of(Cidr.parse("10.0.1.0/24"), Optional.of(Ipv4Address.parse("10.0.2.1"))))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("gateway:")
                .extracting(e -> ((InvalidInputException) e).rule()).isEqualTo("in-network");
    }

    @Test
    void gatewayOnBroadcast_rejected() {
        assertThatThrownBy(() -> NetworkLayout.of(Cidr.parse("10.0.1.0/24"), Optional.of(Ipv4Address.parse("10.0.1.255"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("host address");
    }

    @Test
    void slash30_tooSmall() {
        assertThatThrownBy(() -> NetworkLayout.of(Cidr.parse("10.0.1.0/30"), Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("network-size:");
    }
}
