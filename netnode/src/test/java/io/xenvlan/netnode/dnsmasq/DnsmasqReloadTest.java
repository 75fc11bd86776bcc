package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a publication rewrites files and reloads dnsmasq, against a runner that records signals and commands. */
class DnsmasqReloadTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Network net = TestNetworks.network(6, 106, "10.9.6.0/24");
    private final List<String> commands = new ArrayList<>();
    private int hangUps;
    @TempDir
    Path state;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A dnsmasq that keeps running and counts its SIGHUPs. */
    private final class LiveRunner implements CommandRunner {
        @Override
        public boolean executes() {
            return false;
        }

        @Override
        public CommandResult run(Command command) {
            commands.add(String.join(" ", command.argv()));
            return new CommandResult(0, "", "");
        }

        @Override
        public RunningProcess start(Command command, Path log) {
            return new RunningProcess() {
                @Override public long pid() { return 4243; }
                @Override public boolean isAlive() { return true; }
                @Override public CompletableFuture<Integer> onExit() { return new CompletableFuture<>(); }
                @Override public void hangUp() { hangUps++; }
                @Override public void stop(Duration grace) { }
                @Override public void terminate() { }
                @Override public void kill() { }
            };
        }
    }

    private DnsmasqFleet fleet() {
        return new DnsmasqFleet(new DnsmasqContext(new LiveRunner(), Optional.empty(), state, Optional.of(Path.of("/bin/true")),
                Duration.ofSeconds(86400), Duration.ofSeconds(1), Duration.ofSeconds(30), scheduler,
                new MutableClock(Instant.EPOCH), new DnsmasqStats()));
    }

    private String file(DnsmasqFleet fleet, String name) throws IOException {
        return Files.readString(fleet.directory(net.id()).resolve(name));
    }

    @Test
    void unchangedHosts_noRewriteNoReload() {
        DnsmasqFleet fleet = fleet();
        fleet.start(net, new InterfaceName("xvg106"), List.of(TestNetworks.host(net, 0)), List.of());
        long bytes = fleet.stats().bytesWritten();

        assertThat(fleet.publish(net.id(), List.of(TestNetworks.host(net, 0)))).isFalse();
        assertThat(fleet.publish(net, List.of(TestNetworks.host(net, 0)))).isFalse();

        assertThat(hangUps).isZero();
        assertThat(fleet.stats().bytesWritten()).isEqualTo(bytes);
    }

    @Test
    void releasedEntry_leavesTheFile_andItsLeaseIsReleased() throws IOException {
        DnsmasqFleet fleet = fleet();
        fleet.start(net, new InterfaceName("xvg106"), List.of(TestNetworks.host(net, 0), TestNetworks.host(net, 1)),
                List.of(lease(TestNetworks.host(net, 0))));

        assertThat(fleet.publish(net.id(), List.of(TestNetworks.host(net, 1), TestNetworks.host(net, 2)))).isTrue();
        assertThat(fleet.publish(net.id(), List.of(TestNetworks.host(net, 2)))).isTrue(); // host 1 held no lease

        assertThat(hangUps).isEqualTo(2);
        assertThat(file(fleet, "hosts")).isEqualTo(HostsFile.render(List.of(TestNetworks.host(net, 2))));
        assertThat(commands).containsExactly("dhcp_release xvg106 10.9.6.3 " + TestNetworks.host(net, 0).mac());
        assertThat(fleet.stats().releases()).isEqualTo(1);
    }

    private static ActiveLease lease(HostEntry e) {
        return new ActiveLease(e.mac(), e.address(), e.hostname(), Instant.now().plusSeconds(3600));
    }

    @Test
    void changedSettings_rewriteTheOptionsAndReloadOnce() throws IOException {
        DnsmasqFleet fleet = fleet();
        fleet.start(net, new InterfaceName("xvg106"), List.of(TestNetworks.host(net, 0)), List.of());
        Network jumbo = new Network(net.id(), net.uuid(), net.label(), net.cidr(), net.gateway(), net.dhcpServer(),
                net.dhcpStart(), Optional.empty(), Optional.empty(), net.dnsDomain(), net.vlan(), net.bridge(), net.bridgeInterface(), 9000,
                net.project(), net.host());

        assertThat(fleet.publish(jumbo, List.of(TestNetworks.host(net, 0), TestNetworks.host(net, 1)))).isTrue();

        assertThat(hangUps).isEqualTo(1);
        assertThat(file(fleet, "opts")).as("DNS: the leg's address").isEqualTo("3,10.9.6.1\n6," + net.dhcpServer() + "\n26,9000\n");
        assertThat(file(fleet, "hosts").lines()).hasSize(2);
        assertThat(fleet.publish(jumbo, List.of(TestNetworks.host(net, 0), TestNetworks.host(net, 1)))).isFalse();
    }

    @Test
    void changesOnly_addressGivenToAnotherMac_rewriteReloadAndRelease() throws IOException {
        DnsmasqFleet fleet = fleet();
        HostEntry first = TestNetworks.host(net, 0);
        fleet.start(net, new InterfaceName("xvg106"), List.of(first, TestNetworks.host(net, 1)), List.of(lease(first)));
        HostEntry moved = new HostEntry(new MacAddress(first.mac().bits() + 7), first.hostname(), first.address());

        assertThat(fleet.publishChanges(net.id(), List.of(), List.of(TestNetworks.host(net, 5).address()))).isFalse();
        assertThat(fleet.publishChanges(net.id(), List.of(moved), List.of())).isTrue();

        assertThat(hangUps).isEqualTo(1);
        assertThat(file(fleet, "hosts")).isEqualTo(HostsFile.render(List.of(moved, TestNetworks.host(net, 1))));
        assertThat(commands).containsExactly("dhcp_release xvg106 10.9.6.3 " + first.mac());
    }
}
