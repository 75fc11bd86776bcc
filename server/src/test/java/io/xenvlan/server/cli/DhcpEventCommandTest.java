package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.config.ServerConfig;
import io.xenvlan.netnode.NetnodeDriver;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.EmbeddedStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code xenvlan dhcp-event} on the embedded store, and the network node role's settings. */
class DhcpEventCommandTest {
    @TempDir
    Path stateDir;

    private int run(String... args) {
        return XenvlanCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())).execute(args);
    }

    private FixedIp fixedIp(Allocation a) {
        try (JdbcStore store = EmbeddedStore.open(stateDir)) {
            return GlobalOptions.manager(store).addresses(Optional.empty(), Optional.empty(), true).stream()
                    .filter(f -> f.address().equals(a.address())).findFirst().orElseThrow();
        }
    }

    @Test
    void addThenDel_marksTheLease() {
        Allocation vm;
        try (JdbcStore store = EmbeddedStore.open(stateDir)) {
            VlanManager manager = GlobalOptions.manager(store);
            manager.createNetworks(NetworkRequest.of("lab", "10.70.0.0/24"));
            vm = manager.allocate(ProjectId.of("acme"), InstanceId.of("vm-1"), Optional.empty());
        }
        String dir = stateDir.toString();

        assertThat(run("dhcp-event", "--state-dir", dir, "--", "add", vm.mac().toString(), vm.address().toString(), "vm-1")).isZero();
        assertThat(fixedIp(vm).leased()).isTrue();
        assertThat(run("dhcp-event", "--state-dir", dir, "--", "del", vm.mac().toString(), vm.address().toString())).isZero();
        assertThat(fixedIp(vm).leased()).isFalse();
        assertThat(run("dhcp-event", "--state-dir", dir, "--", "init")).isZero();
        assertThat(run("dhcp-event", "--state-dir", dir, "--", "add", "not-a-mac", "10.70.0.3")).isEqualTo(2);
    }

    @Test
    void netnodeSettings_becomeTheNodeConfig() {
        ServerConfig config = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(), "netnode.driver", "ovs",
                "netnode.trunk-interface", "eth1", "netnode.netns", "xvnode", "netnode.coalesce-window", "200ms",
                "netnode.node-name", "nn-1", "netnode.lease-events", "command",
                "db.url", "jdbc:postgresql://127.0.0.1:5432/xenvlan")).load();

        NetworkNodeConfig c = NetnodeRoleStarter.nodeConfig(config);

        assertThat(c.driver()).isEqualTo(NetnodeDriver.OVS);
        assertThat(c.nodeName()).isEqualTo("nn-1");
        assertThat(c.coalesceWindow()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.netns().orElseThrow().value()).isEqualTo("xvnode");
        // beside the state directory (0700), where dnsmasq can read its files as nobody
        assertThat(c.stateDir()).isEqualTo(stateDir.toAbsolutePath().resolveSibling(stateDir.getFileName() + "-netnode"));
        ServerConfig placed = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(),
                "netnode.dir", stateDir.resolve("node").toString())).load();
        assertThat(NetnodeRoleStarter.nodeConfig(placed).stateDir()).isEqualTo(stateDir.toAbsolutePath().resolve("node"));
        assertThat(c.dhcpEventCommand()).containsSubsequence("io.xenvlan.server.Main", "dhcp-event", "--state-dir",
                stateDir.toAbsolutePath().toString(), "--db", "jdbc:postgresql://127.0.0.1:5432/xenvlan", "--");
    }

    @Test
    void leaseEvents_spooledByDefault_andOnlySpoolOrCommand() {
        ServerConfig spool = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString())).load();
        assertThat(NetnodeRoleStarter.nodeConfig(spool).dhcpEventCommand()).isEmpty();
        assertThat(NetnodeRoleStarter.nodeConfig(spool).dhcpScript()).isEmpty();

        ServerConfig bad = new ConfigLoader().commandLine(Map.of("state-dir", stateDir.toString(),
                "netnode.lease-events", "eval")).load();
        assertThatThrownBy(() -> NetnodeRoleStarter.nodeConfig(bad)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode.lease-events"));
    }
}
