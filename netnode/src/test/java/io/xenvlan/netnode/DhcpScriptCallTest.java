package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DhcpScriptCallTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void add_withExpiry() {
        LeaseEvent e = DhcpScriptCall.parse(List.of("add", "FA:16:3E:00:00:01", "10.0.0.5", "vm-1"),
                Map.of("DNSMASQ_LEASE_EXPIRES", "1772445600"), clock).orElseThrow();

        assertThat(e.action()).isEqualTo(LeaseAction.ADD);
        assertThat(e.mac()).isEqualTo(MacAddress.parse("fa:16:3e:00:00:01"));
        assertThat(e.address()).isEqualTo(Ipv4Address.parse("10.0.0.5"));
        assertThat(e.hostname()).contains("vm-1");
        assertThat(e.expires()).contains(Instant.ofEpochSecond(1772445600));
        assertThat(e.at()).isEqualTo(clock.instant());
    }

    @Test
    void old_withLeaseLengthOnly() {
        LeaseEvent e = DhcpScriptCall.parse(List.of("old", "fa:16:3e:00:00:01", "10.0.0.5"),
                Map.of("DNSMASQ_LEASE_LENGTH", "3600"), clock).orElseThrow();

        assertThat(e.expires()).contains(clock.instant().plusSeconds(3600));
        assertThat(e.hostname()).isEmpty();
    }

    @Test
    void del_hasNoExpiry() {
        LeaseEvent e = DhcpScriptCall.parse(List.of("del", "fa:16:3e:00:00:01", "10.0.0.5"),
                Map.of("DNSMASQ_LEASE_EXPIRES", "1772445600"), clock).orElseThrow();
        assertThat(e.action()).isEqualTo(LeaseAction.DEL);
        assertThat(e.expires()).isEmpty();
    }

    @Test
    void hostileHostname_sanitised() {
        LeaseEvent e = DhcpScriptCall.parse(List.of("add", "fa:16:3e:00:00:01", "10.0.0.5", "x;rm -rf /\n" + "a".repeat(100)),
                Map.of(), clock).orElseThrow();
        assertThat(e.hostname().orElseThrow()).matches("[a-z0-9-]{1,63}");
    }

    @Test
    void otherCalls_ignored() {
        assertThat(DhcpScriptCall.parse(List.of("init"), Map.of(), clock)).isEmpty();
        assertThat(DhcpScriptCall.parse(List.of("tftp", "1024", "10.0.0.5", "/boot"), Map.of(), clock)).isEmpty();
    }

    @Test
    void malformed_namesTheArgument() {
        assertThatThrownBy(() -> DhcpScriptCall.parse(List.of("add", "not-a-mac", "10.0.0.5"), Map.of(), clock))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("mac"));
        assertThatThrownBy(() -> DhcpScriptCall.parse(List.of("add", "fa:16:3e:00:00:01", "10.0.0.500"), Map.of(), clock))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("ip"));
        assertThatThrownBy(() -> DhcpScriptCall.parse(List.of("add", "fa:16:3e:00:00:01"), Map.of(), clock))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DhcpScriptCall.parse(List.of(), Map.of(), clock)).isInstanceOf(InvalidInputException.class);
    }
}
