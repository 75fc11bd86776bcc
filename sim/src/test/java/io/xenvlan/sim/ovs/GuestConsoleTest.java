package io.xenvlan.sim.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuestConsoleTest {

    @Test
    void parse_readsTheLeaseTheEventScriptReported() {
        DhcpLease lease = GuestConsole.parse(
                "xenvlan-lease ip=10.20.0.3 mask=24 router=10.20.0.1 serverid=10.20.0.2 mtu=1400", Duration.ofMillis(120));

        assertThat(lease).isEqualTo(new DhcpLease("10.20.0.3", 24, java.util.Optional.of("10.20.0.1"), "10.20.0.2",
                java.util.Optional.of(1400), Duration.ofMillis(120)));
    }

    @Test
    void parse_withoutRouterOrMtu_leavesThemEmpty() {
        DhcpLease lease = GuestConsole.parse("xenvlan-lease ip=10.20.0.3 mask=24 router= serverid=10.20.0.2 mtu=", Duration.ZERO);

        assertThat(lease.router()).isEmpty();
        assertThat(lease.mtu()).isEmpty();
    }

    @Test
    void parse_garbageAddress_isRefused() {
        assertThatThrownBy(() -> GuestConsole.parse("xenvlan-lease ip=10.20.0.3;reboot mask=24", Duration.ZERO))
                .isInstanceOf(DataPlaneException.class);
    }
}
