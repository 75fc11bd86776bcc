package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole node wired as in production but with the report-only runner: real files, no commands run. */
class ReportOnlyNodeTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestDatabase database = TestDatabase.h2();
    private final JdbcStore store = database.open();
    private final VlanManager manager = new VlanManager(store, clock, VlanManagerConfig.defaults());
    private final ReportingCommandRunner report = new ReportingCommandRunner();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    @TempDir
    Path state;

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        store.close();
        database.close();
    }

    private NetworkNodeRole role() {
        NetworkNodeConfig config = NetworkNodeConfig.builder("node-a", state)
                .netns("xvnode").publicInterface("eth0")
                .dhcpEventCommand(List.of("/usr/bin/xenvlan", "dhcp-event")).build();
        return NetworkNodeRole.create(config, store, report, clock, scheduler, p -> { });
    }

    @Test
    void serve_writesDnsmasqFilesAndReportsTheCommands() throws IOException {
        Network net = manager.createNetworks(NetworkRequest.of("blue", "10.60.0.0/24").withVlan(120)).get(0);
        manager.associate(ProjectId.of("blue-project"), Optional.of("blue"));
        Allocation vm = manager.allocate(ProjectId.of("blue-project"), InstanceId.of("Blue_VM.1"), Optional.empty());
        NetworkNodeRole role = role();

        role.start();

        Path dir = role.node().fleet().directory(net.id());
        assertThat(Files.readString(dir.resolve("hosts"))).isEqualTo(vm.mac() + ",blue-vm-1," + vm.address() + "\n");
        assertThat(Files.readString(dir.resolve("opts"))).isEqualTo("3," + net.gateway() + "\n6," + net.dhcpServer() + "\n26,1500\n");
        assertThat(Files.readString(dir.resolve("dns-hosts"))).isEqualTo(vm.address() + " blue-vm-1.blue.xenvlan.internal blue-vm-1\n");
        assertThat(Files.readString(dir.resolve("leases"))).isEmpty();
        assertThat(Files.readString(state.resolve("dhcp-event"))).contains("'/usr/bin/xenvlan' 'dhcp-event' \"$@\"");
        assertThat(report.report()).contains("ip netns exec xvnode sysctl -q -w net.ipv4.ip_forward=1 net.ipv4.conf.default.arp_notify=1 net.ipv4.conf.all.arp_notify=1");
        assertThat(report.report()).anySatisfy(c -> assertThat(c).startsWith("ip netns exec xvnode nft -f - <<EOF")
                .contains("set networks {", "elements = { 10.60.0.0/24 }", "set legs {", "elements = { \"xvg120\" }",
                        "oifname \"eth0\" ip saddr @networks masquerade"));
        assertThat(report.report()).anySatisfy(c -> assertThat(c).startsWith("nsenter --net=/run/netns/xvnode -- dnsmasq --keep-in-foreground")
                .contains("--listen-address=" + net.dhcpServer(), "--dhcp-range=set:vlan120," + net.dhcpStart()
                        + ",static,255.255.255.0,86400", "--dhcp-hostsfile=" + dir.resolve("hosts"),
                        "--dhcp-script=" + state.resolve("dhcp-event"), "--port=53", "--domain=blue.xenvlan.internal",
                        "--local=/blue.xenvlan.internal/", "--addn-hosts=" + dir.resolve("dns-hosts"), "--hostsdir=" + dir.resolve("dns.d"))
                .doesNotContain("--server="));
        assertThat(report.report()).as("DNS only from the network's own leg, in the same transaction as the gateway's rules")
                .anySatisfy(c -> assertThat(c).startsWith("ip netns exec xvnode nft -f - <<EOF").contains("set legs {",
                        "set dns_legs {", "elements = { " + net.dhcpServer() + " . \"xvg120\" }",
                        "ip daddr . iifname != @dns_legs drop"))
                .noneSatisfy(c -> assertThat(c).contains("iptables -w 10 -t filter"));
        assertThat(store.publishedSequence(net.id())).isEqualTo(store.changeSequence());
        role.close();
    }

    @Test
    void release_reloadsAndReleasesTheLease() throws IOException {
        Network net = manager.createNetworks(NetworkRequest.of("green", "10.61.0.0/24").withVlan(121)).get(0);
        manager.associate(ProjectId.of("green-project"), Optional.of("green"));
        Allocation keep = manager.allocate(ProjectId.of("green-project"), InstanceId.of("vm-a"), Optional.empty());
        Allocation drop = manager.allocate(ProjectId.of("green-project"), InstanceId.of("vm-b"), Optional.empty());
        store.recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, drop.mac(), drop.address(), Optional.empty(),
                Optional.of(clock.instant().plusSeconds(3600)), clock.instant())); // only a held lease is released
        NetworkNodeRole role = role();
        role.start();
        long pid = role.node().fleet().pid(net.id());

        manager.release(drop.address().toString());
        Publication p = role.publishNow();

        assertThat(p.reloaded()).isEqualTo(1);
        assertThat(Files.readString(role.node().fleet().directory(net.id()).resolve("hosts")))
                .isEqualTo(keep.mac() + ",vm-a," + keep.address() + "\n");
        assertThat(report.report()).endsWith("kill -s HUP " + pid,
                "ip netns exec xvnode dhcp_release xvg121 " + drop.address() + " " + drop.mac());
        assertThat(role.node().fleet().stats().reloads()).isEqualTo(1);
        assertThat(role.publishNow().reloaded()).isZero();
        role.close();
    }

    @Test
    void teardown_removesRulesLegAndFiles() {
        Network net = manager.createNetworks(NetworkRequest.of("red", "10.62.0.0/24").withVlan(122)).get(0);
        manager.associate(ProjectId.of("red-project"), Optional.of("red"));
        NetworkNodeRole role = role();
        role.start();
        Path dir = role.node().fleet().directory(net.id());

        manager.disassociate(ProjectId.of("red-project"));
        clock.advance(Duration.ofSeconds(1));
        role.publishNow();

        assertThat(dir).doesNotExist();
        assertThat(role.node().served()).isEmpty();
        assertThat(report.report()).contains("ovs-vsctl --timeout=30 --if-exists del-port xvtrunk xvp122");
        role.close();
    }
}
