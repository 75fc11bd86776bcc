package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code xenvlan server --roles netnode} as its own process (run inside the data plane's switch
 * namespace, which plays the machine's root namespace for it) on a private Open vSwitch, stopped
 * with SIGTERM: once it serves its networks, and in the middle of its cold start. Either way it
 * ends within 5 s, logs no ERROR, and leaves no dnsmasq (nor dnsmasq's helper) behind.
 */
@Tag("dataplane")
class NetnodeSigtermDataplaneTest {
    private static DataPlane plane;
    private static String nodeNs;

    @BeforeAll
    static void start() {
        plane = DataPlane.start();
        plane.veth(plane.name("ta"), plane.name("tb"));
        nodeNs = plane.namespace("nn");
    }

    @AfterAll
    static void stop() {
        plane.close();
    }

    /** A state directory whose H2 store holds {@code count} networks from VLAN {@code vlanStart}, each owned and with a VM. */
    private static Path stateWith(String name, int count, int vlanStart) throws IOException {
        Path state = Files.createDirectory(plane.dir().resolve(name));
        try (JdbcStore store = EmbeddedStore.open(state)) {
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            manager.createNetworks(new NetworkRequest(name, "10.90." + (vlanStart - 100) + ".0/22", count, 16, vlanStart,
                    Optional.empty(), Optional.empty(), "eth1", Optional.empty(), Optional.empty(), Optional.empty(), 1500,
                    Optional.empty()));
            for (int i = 0; i < count; i++) {
                manager.associate(ProjectId.of(name + "-p" + i), Optional.empty());
                manager.allocate(ProjectId.of(name + "-p" + i), InstanceId.of(name + "-vm-" + i), Optional.empty());
            }
        }
        return state;
    }

    /** The server, network node role only, in the switch namespace; its log in {@code state/server.log}. */
    private static Process server(Path state) throws IOException {
        return NetnodeServerProcess.start(plane, state, nodeNs, Map.of("XENVLAN_NETNODE_NODE_NAME", state.getFileName().toString()));
    }


    /** SIGTERM, then: gone within 5 s, no ERROR logged, no dnsmasq of its own left. */
    private static void assertStopsCleanly(Process server, Path state) throws InterruptedException {
        long t0 = System.nanoTime();
        server.destroy(); // SIGTERM (ip netns exec runs java in its own place: one process)
        boolean ended = server.waitFor(15, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!ended) {
            server.destroyForcibly();
        }
        assertThat(ended).as("the server ended after SIGTERM").isTrue();
        assertThat(seconds).as("seconds from SIGTERM to exit; the server's log:%n%s", NetnodeServerProcess.log(state)).isLessThanOrEqualTo(5.0);
        assertThat(NetnodeServerProcess.log(state)).doesNotContain("level=ERROR").doesNotContain(" ERROR ");
        // each dnsmasq's lease-script helper ends by itself a moment after its dnsmasq
        Eventually.await("no dnsmasq (nor helper) of the node left", Duration.ofSeconds(3), () -> NetnodeServerProcess.dnsmasqOf(state).isEmpty());
    }

    @Test
    void sigterm_onceServing_stopsEveryDnsmasqWithinFiveSeconds() throws Exception {
        Path state = stateWith("nodeone", 12, 100);
        Process server = server(state);
        try {
            Eventually.await("the node serves its 12 networks", Duration.ofSeconds(120),
                    () -> NetnodeServerProcess.log(state).contains("served 12 new networks of 12") || !server.isAlive());
            assertThat(server.isAlive()).as("server running; its log: " + NetnodeServerProcess.log(state)).isTrue();
            assertThat(NetnodeServerProcess.dnsmasqOf(state)).hasSizeGreaterThanOrEqualTo(12);

            assertStopsCleanly(server, state);
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void sigterm_duringColdStart_leavesNoDnsmasq() throws Exception {
        Path state = stateWith("nodetwo", 40, 300);
        Process server = server(state);
        try {
            Eventually.await("the node starts its first dnsmasq", Duration.ofSeconds(120),
                    () -> NetnodeServerProcess.log(state).contains("dnsmasq for network") || !server.isAlive());
            assertThat(NetnodeServerProcess.log(state)).doesNotContain("served 40 new networks");

            assertStopsCleanly(server, state);
        } finally {
            server.destroyForcibly();
        }
    }
}
