package io.xenvlan.netnode;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.FloatingPool;
import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.netnode.dataplane.PublicSide;
import io.xenvlan.netnode.floating.FloatingNode;
import io.xenvlan.store.JdbcFloatingStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Floating IPs on the real data plane: the node (its own namespace, a leg per VLAN on the trunk, a
 * public interface cabled to an "outside" namespace), VMs in namespaces on a host bridge, real
 * nftables, conntrack and arping. The outside reaches a VM by its floating IP (ping, and TCP where
 * a rule opens it), sees the VM's own connections come from it, is refused elsewhere and after
 * disassociation; a restarted node and its self-check restore exactly the store's associations.
 */
@Tag("dataplane")
class FloatingDataplaneTest {
    private static final Duration SOON = Duration.ofSeconds(20);

    @RegisterExtension
    static final NodeBenchExtension BENCH = new NodeBenchExtension();
    private static PublicSide outside;

    private final NodeBench bench = BENCH.bench();
    private final DataPlane plane = BENCH.plane();
    private final NodeBench.Run run = BENCH.run();
    private FloatingIps fips;
    private FloatingNode floating;

    @BeforeAll
    static void attachPublicSide() {
        outside = PublicSide.attach(BENCH.plane(), BENCH.bench().nodeNs);
    }

    @AfterAll
    static void detachPublicSide() {
        outside.close();
    }

    @BeforeEach
    void openRun() {
        fips = new FloatingIps(JdbcFloatingStore.on(run.store, Clock.systemUTC()), run.store, new FloatingConfig(10, false));
        fips.createPool(FloatingPool.parse("public", "203.0.113.64/26", Optional.empty()));
    }

    @AfterEach
    void closeRun() {
        if (floating != null) {
            floating.close();
        }
    }

    private NetworkNodeConfig.Builder config() {
        return run.nodeConfig().publicInterface(outside.nodeInterface()).checkInterval(Duration.ZERO);
    }

    /** The node, and its floating part on the public interface. */
    private FloatingNode startNode() {
        NetworkNodeRole role = run.startNode(config());
        return startFloating(role.node()::served);
    }

    private FloatingNode startFloating(java.util.function.Supplier<java.util.Set<Long>> served) {
        floating = FloatingNode.create(config().build(), JdbcFloatingStore.on(run.store, Clock.systemUTC()), plane.runner(),
                run.scheduler(), served);
        floating.start();
        return floating;
    }

    /** A VM with its fixed address set up by hand (DHCP is not what is tested here) and a default route via its gateway. */
    private String vm(String suffix, Network net, Allocation a) {
        PublicationWait.polling(run.store).await(net.id(), run.store.changeSequence(), SOON);
        String ns = plane.vm(suffix, bench.hostBridge, net.vlan().value(), a.mac());
        plane.run("ip", "-n", ns, "addr", "add", a.address() + "/" + net.cidr().prefix(), "dev", plane.vmInterface(suffix));
        plane.run("ip", "-n", ns, "route", "add", "default", "via", net.gateway().toString());
        return ns;
    }

    private String associate(Allocation a) {
        String fip = fips.allocate(a.network().project().orElseThrow(), Optional.empty()).address().toString();
        fips.associate(Ipv4Address.parse(fip), new AssociationTarget.FixedAddress(a.address()));
        return fip;
    }

    @Test
    void associated_reachableByRuleOnly_outboundLeavesAsTheFloatingIp_announcedByArp() {
        Network net = run.network(131, "10.77.31.0/24", 256);
        Allocation a = run.manager.allocate(ProjectId.of("project-131"), InstanceId.of("vm-a"), Optional.empty());
        Allocation peer = run.manager.allocate(ProjectId.of("project-131"), InstanceId.of("vm-b"), Optional.empty());
        startNode();
        String ns = vm("fa", net, a);
        vm("fb", net, peer);
        outside.serve(ns, 8080, "hello-8080");
        outside.serve(ns, 8081, "hello-8081");
        outside.serve(ns, 8082, "hello-8082");
        outside.serve(ns, 8083, "hello-8083");
        fips.addRule(IngressRule.parse("project-131", "tcp", Optional.of("8080"), Optional.empty()));
        fips.addRule(IngressRule.parse("project-131", "tcp", Optional.of("8082"), Optional.of(PublicSide.OUTSIDE + "/32")));
        fips.addRule(IngressRule.parse("project-131", "tcp", Optional.of("8083"), Optional.of("198.51.100.0/24")));
        PublicSide.ArpCapture arp = outside.captureArp("203.0.113.65").ready();

        String fip = associate(a);

        assertThat(fip).isEqualTo("203.0.113.65");
        Eventually.await("the floating IP answers pings from outside", SOON, () -> outside.ping(fip));
        assertThat(outside.tcp(fip, 8080)).contains("hello-8080");
        assertThat(outside.tcp(fip, 8081)).as("a port no rule opens").isEmpty();
        assertThat(outside.tcp(fip, 8082)).as("opened for the outside's address").contains("hello-8082");
        assertThat(outside.tcp(fip, 8083)).as("opened for another range only").isEmpty();
        PublicSide.Listener listener = outside.listen(9000);
        outside.background(ns, "busybox", "nc", PublicSide.OUTSIDE, "9000");
        assertThat(listener.peer(Duration.ofSeconds(10))).as("the VM's own connection, seen outside").contains(fip);
        Eventually.await("a gratuitous ARP for the floating IP", SOON, () -> arp.text().contains("who-has " + fip) && arp.text().contains("tell " + fip));
        arp.stop();
        assertThat(PublicSide.runIn(ns, Duration.ofSeconds(8), "ping", "-c", "1", "-W", "2", net.gateway().toString()).ok())
                .as("the VM still reaches its gateway").isTrue();
        assertThat(PublicSide.runIn(ns, Duration.ofSeconds(8), "ping", "-c", "1", "-W", "2", peer.address().toString()).ok())
                .as("and its neighbour on the VLAN").isTrue();
    }

    @Test
    void disassociate_unreachable_andOpenSessionsFlushed() {
        Network net = run.network(132, "10.77.32.0/24", 256);
        Allocation a = run.manager.allocate(ProjectId.of("project-132"), InstanceId.of("vm-a"), Optional.empty());
        startNode();
        String ns = vm("fc", net, a);
        outside.serve(ns, 8080, "hello");
        fips.addRule(IngressRule.parse("project-132", "tcp", Optional.of("8080"), Optional.empty()));
        String fip = associate(a);
        Eventually.await("reachable", SOON, () -> outside.ping(fip));
        openSessionOut(ns, fip, 9001);

        fips.disassociate(Ipv4Address.parse(fip));

        Eventually.await("the session through it flushed", SOON, () -> conntrack(fip).isBlank());
        assertThat(outside.ping(fip)).isFalse();
        assertThat(outside.tcp(fip, 8080)).isEmpty();
        assertThat(floating.associations()).isZero();
    }

    private String publicAddresses() {
        return plane.run("ip", "-n", bench.nodeNs, "-4", "-o", "addr", "show", "dev", outside.nodeInterface()).stdout();
    }

    private static String conntrack(String fip) {
        String orig = PublicSide.runIn(BENCH.bench().nodeNs, Duration.ofSeconds(5), "conntrack", "-L", "-d", fip).stdout();
        String reply = PublicSide.runIn(BENCH.bench().nodeNs, Duration.ofSeconds(5), "conntrack", "-L", "-q", fip).stdout();
        return (orig + reply).strip();
    }

    @Test
    void restart_restoresExactlyTheStoresAssociations_andTheSelfCheckRepairsDrift() {
        Network net = run.network(133, "10.77.33.0/24", 256);
        Allocation a = run.manager.allocate(ProjectId.of("project-133"), InstanceId.of("vm-a"), Optional.empty());
        Allocation b = run.manager.allocate(ProjectId.of("project-133"), InstanceId.of("vm-b"), Optional.empty());
        Allocation c = run.manager.allocate(ProjectId.of("project-133"), InstanceId.of("vm-c"), Optional.empty());
        startNode();
        String nsA = vm("fd", net, a);
        vm("fe", net, b);
        vm("fg", net, c);
        String first = associate(a);
        String kept = associate(c);
        Eventually.await("first reachable", SOON, () -> outside.ping(first) && outside.ping(kept));

        floating.close(); // the node goes down; meanwhile the store moves on
        fips.disassociate(Ipv4Address.parse(first));
        String second = associate(b);
        PublicSide.ArpCapture arp = outside.captureArp(kept).ready();
        FloatingNode restarted = startFloating(() -> java.util.Set.of(net.id()));

        assertThat(outside.ping(second)).as("restored from the store").isTrue();
        assertThat(outside.ping(first)).as("stale, removed").isFalse();
        assertThat(restarted.associations()).isEqualTo(2);
        Eventually.await("the association held across the restart announced again", SOON,
                () -> arp.text().contains("who-has " + kept) && arp.text().contains("tell " + kept));
        arp.stop();

        plane.run("ip", "-n", bench.nodeNs, "addr", "del", second + "/32", "dev", outside.nodeInterface());
        plane.run("ip", "netns", "exec", bench.nodeNs, "nft", "add", "element", "ip", "xenvlan_fip", "dnat4",
                "{ 203.0.113.99 : " + a.address() + " }");
        assertThat(publicAddresses()).doesNotContain(second + "/32");

        assertThat(restarted.checkNow()).contains(second + " missing on " + outside.nodeInterface(),
                "stale association 203.0.113.99 -> " + a.address());

        assertThat(publicAddresses()).contains(second + "/32");
        assertThat(outside.ping(second)).as("repaired").isTrue();
        assertThat(restarted.checkNow()).isEmpty();
        assertThat(PublicSide.runIn(nsA, Duration.ofSeconds(5), "true").ok()).isTrue();
    }

    /** The VM opens a TCP connection to the outside's {@code port}: seen there as coming from {@code fip}, tracked on the node. */
    private static void openSessionOut(String ns, String fip, int port) {
        PublicSide.Listener listener = outside.listen(port);
        outside.background(ns, "busybox", "nc", PublicSide.OUTSIDE, Integer.toString(port));
        assertThat(listener.peer(Duration.ofSeconds(10))).contains(fip);
        assertThat(conntrack(fip)).as("the open session is tracked").contains("dport=" + port);
    }

    @Test
    void crashBetweenRulesAndFlush_theRestartedNodeFlushesTheSessionLeftBehind() {
        Network net = run.network(134, "10.77.34.0/24", 256);
        Allocation a = run.manager.allocate(ProjectId.of("project-134"), InstanceId.of("vm-a"), Optional.empty());
        startNode();
        String ns = vm("ff", net, a);
        String fip = associate(a);
        Eventually.await("reachable", SOON, () -> outside.ping(fip));
        openSessionOut(ns, fip, 9002);

        // the node dies after its disassociation batch removed the rules and the address, before the flush
        floating.close();
        fips.disassociate(Ipv4Address.parse(fip));
        plane.run("ip", "netns", "exec", bench.nodeNs, "nft", "delete", "element", "ip", "xenvlan_fip", "dnat4", "{ " + fip + " }");
        plane.run("ip", "netns", "exec", bench.nodeNs, "nft", "delete", "element", "ip", "xenvlan_fip", "snat4", "{ " + a.address() + " }");
        plane.run("ip", "netns", "exec", bench.nodeNs, "nft", "delete", "element", "ip", "xenvlan_fip", "ingress", "{ " + a.address() + " }");
        plane.run("ip", "-n", bench.nodeNs, "addr", "del", fip + "/32", "dev", outside.nodeInterface());
        assertThat(conntrack(fip)).as("the session survived the crash").contains("dport=9002");

        FloatingNode restarted = startFloating(() -> java.util.Set.of(net.id()));

        assertThat(conntrack(fip)).as("flushed at start").doesNotContain("dport=9002");
        assertThat(restarted.associations()).isZero();
        assertThat(restarted.checkNow()).isEmpty();
    }
}
