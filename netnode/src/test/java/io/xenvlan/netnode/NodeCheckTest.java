package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's self-check wired as in production, over the report-only runner: what it finds and what it would change. */
class NodeCheckTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TestDatabase database = TestDatabase.h2();
    private final JdbcStore store = database.open();
    private final VlanManager manager = new VlanManager(store, clock, VlanManagerConfig.defaults());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    @TempDir
    Path state;

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        store.close();
        database.close();
    }

    private NetworkNodeRole role(String name, HealthyNodeRunner runner) {
        NetworkNodeConfig config = NetworkNodeConfig.builder(name, state.resolve(name)).netns("xvnode").build();
        NetworkNodeRole role = NetworkNodeRole.create(config, store, runner, clock, scheduler, p -> { });
        role.start();
        return role;
    }

    private Network network(String label, String cidr, int vlan) {
        Network net = manager.createNetworks(NetworkRequest.of(label, cidr).withVlan(vlan)).get(0);
        manager.associate(ProjectId.of(label + "-project"), Optional.of(label));
        return net;
    }

    @Test
    void healthyNode_noFinding_changesNothing() {
        Network net = network("blue", "10.60.0.0/24", 120);
        HealthyNodeRunner runner = new HealthyNodeRunner();
        runner.healthy(net);
        NetworkNodeRole role = role("node-a", runner);
        int changesBefore = runner.changes().size();

        NodeCheck.Run run = role.checkNow();

        assertThat(run).isEqualTo(new NodeCheck.Run(List.of(), List.of(), NodeCheck.Outcome.CLEAN));
        assertThat(runner.changes()).hasSize(changesBefore);
        assertThat(runner.report.commands()).anySatisfy(c -> assertThat(c.toString())
                .startsWith("ovsdb-client --timeout=30 query '[\"Open_vSwitch\",").contains("\"name\",\"==\",\"xvtrunk\""));
        assertThat(role.checkStats().checks(NodeCheck.Outcome.CLEAN)).isEqualTo(1);
        role.close();
    }

    @Test
    void aCheckPass_readsTheNodeOnce_whateverTheNumberOfNetworks() {
        HealthyNodeRunner one = new HealthyNodeRunner();
        Network solo = network("solo", "10.64.0.0/24", 130);
        one.healthy(solo);
        NetworkNodeRole small = role("node-s", one);
        int before = one.report.commands().size();
        assertThat(small.checkNow().outcome()).isEqualTo(NodeCheck.Outcome.CLEAN);
        int commandsForOne = one.report.commands().size() - before;
        small.close();

        HealthyNodeRunner many = new HealthyNodeRunner();
        many.healthy(solo); // node-s stopped and ended its lease: its network goes to node-l too
        for (int i = 0; i < 40; i++) {
            many.healthy(network("many" + i, "10.65." + i + ".0/24", 140 + i));
        }
        NetworkNodeRole large = role("node-l", many);
        before = many.report.commands().size();

        NodeCheck.Run run = large.checkNow();

        assertThat(run.outcome()).isEqualTo(NodeCheck.Outcome.CLEAN);
        assertThat(large.node().servedNetworks()).hasSize(41);
        // one listing per tool: ovs, ip (batch), ip (root), nft (the leg services' rules too), iptables -C (checksums)
        assertThat(many.report.commands().size() - before).isEqualTo(commandsForOne).isLessThanOrEqualTo(6);
        large.close();
    }

    @Test
    void anotherNodesNetwork_isNeitherCheckedNorTouched() {
        Network theirs = network("red", "10.62.0.0/24", 122);
        NetworkNodeRole other = role("node-b", new HealthyNodeRunner()); // claims red
        Network ours = network("green", "10.61.0.0/24", 121);
        HealthyNodeRunner runner = new HealthyNodeRunner();
        runner.healthy(ours);
        runner.healthy(theirs);
        NetworkNodeRole role = role("node-a", runner); // claims green only
        runner.addressesGone = true;
        int before = runner.report.commands().size();

        NodeCheck.Run run = role.checkNow();
        role.node().repair(theirs, List.of(NodeFinding.of(Kind.LEG_MISSING, theirs, "told by mistake")));

        assertThat(run.found()).extracting(NodeFinding::network).containsOnly(ours.id());
        assertThat(run.found()).extracting(NodeFinding::kind).containsExactly(Kind.ADDRESS_MISSING, Kind.ADDRESS_MISSING);
        assertThat(run.outcome()).isEqualTo(NodeCheck.Outcome.FAILED); // the pretend leg never gets its addresses
        assertThat(role.node().check(theirs)).isEmpty();
        List<String> during = runner.report.commands().subList(before, runner.report.commands().size()).stream()
                .map(Object::toString).toList();
        assertThat(during).anySatisfy(c -> assertThat(c).startsWith("ip -n xvnode -force -batch -")
                .contains("\naddr replace " + ours.gateway() + "/24 dev xvg121\n"));
        assertThat(during).noneSatisfy(c -> assertThat(c).containsAnyOf("122", "10.62.", "xenvlan-net-" + theirs.id() + " "));
        other.close();
        role.close();
    }

    @Test
    void reportOnlyNode_schedulesNoCheck() {
        network("grey", "10.63.0.0/24", 123);
        ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1);
        NetworkNodeConfig config = NetworkNodeConfig.builder("node-a", state).checkInterval(Duration.ofSeconds(1)).build();
        NetworkNodeRole role = NetworkNodeRole.create(config, store, new ReportingCommandRunner(), clock, own, p -> { });

        role.start();

        assertThat(own.getQueue()).hasSize(2); // the store's poll and the lease events' drain: nothing real to check
        role.close();
        own.shutdownNow();
    }
}
