package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.netnode.TestNetworks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsmasqFilesTest {
    private final Network net = TestNetworks.network(3, 103, "10.9.0.0/24");

    @Test
    void hostsFile_macHostnameIp() {
        assertThat(HostsFile.render(List.of(TestNetworks.host(net, 0), TestNetworks.host(net, 1))))
                .isEqualTo("fa:16:3e:03:00:00,vm-0,10.9.0.3\nfa:16:3e:03:00:01,vm-1,10.9.0.4\n");
    }

    @Test
    void hostnames_sanitisedTo63Characters() {
        HostEntry entry = new HostEntry(TestNetworks.host(net, 0).mac(), Hostname.sanitize("Web Server #1 " + "x".repeat(100)),
                net.cidr().address(9));
        String line = HostsFile.render(List.of(entry)).strip();
        assertThat(line.split(",")).hasSize(3);
        assertThat(line.split(",")[1]).hasSize(63).matches("[a-z0-9-]+");
    }

    @Test
    void hostileLabelsAndHostnames_rejected() {
        assertThatThrownBy(() -> new Hostname("vm,10.9.0.66\nevil")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NetworkLabel.of("net\ndhcp-range=0.0.0.0")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> NetworkLabel.of("a,b")).isInstanceOf(InvalidInputException.class);
        assertThat(Hostname.sanitize("x\ndhcp-option=3,6.6.6.6").value()).doesNotContain("\n", ",", "=");
    }

    @Test
    void optsFile_routerDnsMtu() {
        assertThat(OptsFile.render(net)).isEqualTo("3,10.9.0.1\n6,192.0.2.53\n26,1400\n");
    }

    @Test
    void optsFile_dnsIsTheLegsOwnAddress_unlessTheNetworkSetsDnsServers() {
        Network noDns = new Network(net.id(), net.uuid(), net.label(), net.cidr(), net.gateway(), net.dhcpServer(), net.dhcpStart(),
                Optional.empty(), Optional.empty(), Optional.empty(), net.vlan(), net.bridge(), net.bridgeInterface(), net.mtu(), net.project(),
                net.host());
        assertThat(OptsFile.render(noDns)).isEqualTo("3,10.9.0.1\n6,10.9.0.2\n26,1400\n");
    }

    @Test
    void leaseFile_roundTrip() {
        ActiveLease lease = new ActiveLease(TestNetworks.host(net, 0).mac(), net.cidr().address(3), new Hostname("vm-0"),
                Instant.ofEpochSecond(1_800_000_000L));
        String text = LeaseFile.render(List.of(lease));
        assertThat(text).isEqualTo("1800000000 fa:16:3e:03:00:00 10.9.0.3 vm-0 *\n");
        assertThat(LeaseFile.parse(text + "duid 00:01:00:01\ngarbage\n")).containsExactly(lease);
    }

    @Test
    void seed_keepsReservedLeasesAndTheLaterExpiry() {
        HostEntry kept = TestNetworks.host(net, 0);
        HostEntry gone = TestNetworks.host(net, 1);
        ActiveLease storeLease = new ActiveLease(kept.mac(), kept.address(), kept.hostname(), Instant.ofEpochSecond(100));
        ActiveLease fileLease = new ActiveLease(kept.mac(), kept.address(), kept.hostname(), Instant.ofEpochSecond(200));
        ActiveLease stale = new ActiveLease(gone.mac(), gone.address(), gone.hostname(), Instant.ofEpochSecond(300));

        assertThat(LeaseFile.seed(List.of(storeLease, stale), List.of(fileLease), List.of(kept))).containsExactly(fileLease);
    }

    @Test
    void writeAtomically_replacesWholeFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("hosts");
        Files.writeString(target, "old content that is longer\n");

        long bytes = DnsmasqFiles.writeAtomically(target, "new\n");

        assertThat(bytes).isEqualTo(4);
        assertThat(Files.readString(target)).isEqualTo("new\n");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void dhcpScriptWrapper_quotesEveryWord(@TempDir Path dir) throws IOException {
        Path script = DhcpScriptWrapper.write(dir, List.of("/opt/java", "-jar", "/opt/x'envlan.jar", "dhcp-event", "$HOME"), false);

        assertThat(Files.readString(script)).endsWith(
                "exec '/opt/java' '-jar' '/opt/x'\\''envlan.jar' 'dhcp-event' '$HOME' \"$@\"\n");
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(Files.readString(DhcpScriptWrapper.write(dir, List.of("xenvlan"), true)))
                .contains("'nsenter' '--net=/proc/" + ProcessHandle.current().pid() + "/ns/net' '--' 'xenvlan'");
    }
}
