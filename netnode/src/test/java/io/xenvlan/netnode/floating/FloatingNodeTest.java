package io.xenvlan.netnode.floating;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.floating.FloatingPool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.firewall.LegDeadMan;
import io.xenvlan.netnode.exec.ReportingCommandRunner;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.EmbeddedTemplate;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floating part of the node on a report-only runner: what it asks of a node, and the batches it hands nftables. */
class FloatingNodeTest {
    @TempDir
    Path dir;

    private JdbcStore store;
    private JdbcFloatingStore floatingStore;
    private FloatingIps fips;
    private VlanManager manager;
    private final ReportingCommandRunner runner = new ReportingCommandRunner();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private FloatingNode node;
    private final Map<Allocation, String> floating = new HashMap<>();

    @BeforeEach
    void open() {
        store = EmbeddedStore.open(EmbeddedTemplate.copyInto(dir.resolve("store")));
        floatingStore = JdbcFloatingStore.on(store, Clock.systemUTC());
        fips = new FloatingIps(floatingStore, store, FloatingConfig.defaults());
        manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        manager.createNetworks(NetworkRequest.of("net", "10.0.0.0/24").withProject("p1"));
    }

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
        scheduler.shutdownNow();
        store.close();
    }

    private FloatingNode node(Optional<String> publicInterface) {
        NetworkNodeConfig.Builder config = NetworkNodeConfig.builder("node-a", dir).coalesceWindow(Duration.ofMillis(20));
        publicInterface.ifPresent(config::publicInterface);
        node = FloatingNode.create(config.build(), floatingStore, runner, scheduler, () -> Set.of(1L));
        return node;
    }

    @Test
    void aPoolWithoutAnInterface_needsThePublicInterface() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));

        assertThatThrownBy(() -> node(Optional.empty()).start()).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.field()).isEqualTo("netnode.public-interface")).hasMessageContaining("public");
        assertThat(runner.commands()).isEmpty();
    }

    @Test
    void aPoolWithItsOwnInterface_orNoPool_needsNone() {
        node(Optional.empty()).start();
        node.close();
        fips.createPool(FloatingPool.parse("own", "203.0.113.0/24", Optional.of("eth9")));
        node(Optional.empty()).start();
    }

    @Test
    void associationsAtStart_appliedInOneBatch_thenAReleaseRemovedAndFlushed() throws Exception {
        List<Allocation> vms = twoVmsWithFloatingIps();
        Allocation a = vms.get(0);
        Allocation b = vms.get(1);
        String fa = floatingOf(a);
        String fb = floatingOf(b);

        node(Optional.of("pub0")).start();

        Eventually.await("both associations applied", Duration.ofSeconds(10), () -> node.associations() == 2);
        List<String> script = Files.readAllLines(dir.resolve("floating").resolve("floating.nft"));
        assertThat(node.stats().batches()).isEqualTo(1);
        assertThat(String.join("\n", script)).contains(fa + " : " + a.address(), fb + " : " + b.address(), a.address() + " : " + fa);
        Eventually.await("a gratuitous ARP for each", Duration.ofSeconds(10), () -> runner.commands().stream().map(Command::toString)
                .filter(c -> c.equals("arping -q -U -c 1 -w 0 -i pub0 -S " + fa + " " + fa)
                        || c.equals("arping -q -U -c 1 -w 0 -i pub0 -S " + fb + " " + fb)).count() == 2);

        fips.release(Ipv4Address.parse(fa));

        Eventually.await("the release applied", Duration.ofSeconds(10), () -> node.associations() == 1);
        assertThat(Files.readAllLines(dir.resolve("floating").resolve("floating.nft")))
                .contains("delete element ip xenvlan_fip dnat4 { " + fa + " }");
        assertThat(runner.commands()).extracting(Command::toString).contains("conntrack -L");
        assertThat(Files.readAllLines(dir.resolve("floating").resolve("addresses.batch"))).containsExactly("address del " + fa + "/32 dev pub0");
        assertThat(Files.getPosixFilePermissions(dir.resolve("floating"))).hasSize(3);
    }

    @Test
    void floatingAddresses_goIntoTheDeadManSwitchBeforeTheInterface_andLeaveItWithTheirRelease() throws Exception {
        List<Allocation> vms = twoVmsWithFloatingIps();
        String fa = floatingOf(vms.get(0));
        String fb = floatingOf(vms.get(1));

        node(Optional.of("pub0")).fencedBy(LegDeadMan.over(runner, Optional.empty(), "xg"));
        node.start();

        Eventually.await("both associations applied", Duration.ofSeconds(10), () -> node.associations() == 2);
        List<Command> commands = runner.commands();
        int fenced = indexOf(commands, c -> c.input().contains("add element arp xenvlan_alive floating {")
                && c.input().contains(fa) && c.input().contains(fb));
        int onInterface = indexOf(commands, c -> c.argv().contains("-batch"));
        assertThat(fenced).as("both addresses in the switch").isNotNegative();
        assertThat(onInterface).as("the addresses put on the interface").isGreaterThan(fenced);

        fips.release(Ipv4Address.parse(fa));

        Eventually.await("the release applied", Duration.ofSeconds(10), () -> node.associations() == 1);
        Eventually.await("the switch holds the other address only", Duration.ofSeconds(10), () -> {
            List<Command> now = runner.commands();
            Command last = now.get(lastIndexOf(now, c -> c.input().contains("flush set arp xenvlan_alive floating")));
            return last.input().contains("add element arp xenvlan_alive floating { " + fb + " }");
        });
    }

    /** A public pool, the node holding the network, two VMs each with a floating IP associated (keyed by the VM in {@link #floating}). */
    private List<Allocation> twoVmsWithFloatingIps() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        store.claimNetworks("node-a");
        List<Allocation> vms = new ArrayList<>();
        for (String vm : List.of("vm-a", "vm-b")) {
            Allocation a = manager.allocate(ProjectId.of("p1"), InstanceId.of(vm), Optional.empty());
            String f = fips.allocate(ProjectId.of("p1"), Optional.empty()).address().toString();
            fips.associate(Ipv4Address.parse(f), new AssociationTarget.FixedAddress(a.address()));
            floating.put(a, f);
            vms.add(a);
        }
        return vms;
    }

    private String floatingOf(Allocation vm) {
        return floating.get(vm);
    }

    private static int indexOf(List<Command> commands, java.util.function.Predicate<Command> which) {
        for (int i = 0; i < commands.size(); i++) {
            if (which.test(commands.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(List<Command> commands, java.util.function.Predicate<Command> which) {
        for (int i = commands.size() - 1; i >= 0; i--) {
            if (which.test(commands.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
