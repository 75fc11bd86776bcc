package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class NetworkNodeConfigTest {
    private static NetworkNodeConfig.Builder builder() {
        return NetworkNodeConfig.builder("node-a", Path.of("/var/lib/xenvlan")).dhcpEventCommand(List.of("xenvlan", "dhcp-event"));
    }

    private static void rejects(Consumer<NetworkNodeConfig.Builder> setting, String field) {
        assertThatThrownBy(() -> {
            NetworkNodeConfig.Builder b = builder();
            setting.accept(b);
            b.build();
        }).isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void defaults() {
        NetworkNodeConfig c = builder().build();
        assertThat(c.driver()).isEqualTo(NetnodeDriver.OVS);
        assertThat(c.trunkBridge().value()).isEqualTo("xvtrunk");
        assertThat(c.leaseTime()).isEqualTo(Duration.ofSeconds(86400));
        assertThat(c.coalesceWindow()).isEqualTo(Duration.ofMillis(150));
        assertThat(c.netns()).isEmpty();
    }

    @Test
    void hostileNames_rejectedNamingTheSetting() {
        rejects(b -> b.trunkBridge("br0; rm -rf /"), "trunk-bridge");
        rejects(b -> b.trunkInterface("eth1\nup"), "trunk-interface");
        rejects(b -> b.trunkInterface("-veth"), "trunk-interface");
        rejects(b -> b.publicInterface("a-very-long-interface-name"), "public-interface");
        rejects(b -> b.netns("../../etc"), "netns");
        rejects(b -> b.ovsDb("unix:/run/db.sock --verbose"), "ovs-db");
        rejects(b -> b.ovsDb("tcp:host;reboot:6640"), "ovs-db");
        rejects(b -> b.portPrefix("XV"), "port-prefix");
        rejects(b -> b.dhcpEventCommand(List.of("xenvlan", "dhcp-event\nreboot")), "dhcp-event-command");
    }

    @Test
    void ovsDb_acceptsUnixAndTcp() {
        assertThat(builder().ovsDb("unix:/var/run/openvswitch/db.sock").build().ovsDb()).isPresent();
        assertThat(builder().ovsDb("tcp:127.0.0.1:6640").build().ovsDb().orElseThrow().value()).isEqualTo("tcp:127.0.0.1:6640");
    }

    @Test
    void linuxbridge_needsTrunkInterface() {
        rejects(b -> b.driver(NetnodeDriver.LINUXBRIDGE), "trunk-interface");
        assertThat(builder().driver(NetnodeDriver.LINUXBRIDGE).trunkInterface("eth1").build().trunkInterface()).isPresent();
    }

    @Test
    void durations_outsideTheirRange() {
        rejects(b -> b.coalesceWindow(Duration.ZERO), "coalesce-window");
        rejects(b -> b.leaseTime(Duration.ofSeconds(60)), "lease-time");
        rejects(b -> b.restartBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)), "restart-backoff-max");
    }

    @Test
    void neitherScriptNorCommand_meansTheLeaseSpool() {
        NetworkNodeConfig spool = builder().dhcpEventCommand(List.of()).build();
        assertThat(spool.dhcpScript()).isEmpty();
        assertThat(spool.dhcpEventCommand()).isEmpty();
        assertThat(builder().dhcpEventCommand(List.of()).dhcpScript(Path.of("/usr/local/bin/lease-hook")).build().dhcpScript())
                .isPresent();
    }

    @Test
    void driver_parse() {
        assertThat(NetnodeDriver.parse("OVS")).isEqualTo(NetnodeDriver.OVS);
        assertThat(NetnodeDriver.parse("linuxbridge")).isEqualTo(NetnodeDriver.LINUXBRIDGE);
        assertThatThrownBy(() -> NetnodeDriver.parse("vpp")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode-driver"));
    }
}
