package io.xenvlan.store;

import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingFilter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.NodeFloatingState;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The floating store's contract, on each database (one subclass per database): pools and their
 * overlap rules, allocation under the quota, association (moves, projects, one per fixed address),
 * release, what releasing a fixed address does, rules, the network node's view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FloatingStoreSuite {
    TestDatabase database;
    JdbcStore store;
    JdbcFloatingStore floating;
    VlanManager manager;
    FloatingIps fips;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void open() {
        database = newDatabase();
        store = database.open();
        floating = JdbcFloatingStore.on(store, Clock.systemUTC());
    }

    @AfterAll
    void close() {
        store.close();
        database.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("floating_ips", "floating_pools", "floating_rules", "floating_quota_locks", "network_publications",
                    "network_deletions", "fixed_ips", "address_releases", "legacy_macs", "network_owners", "networks")) {
                s.execute("DELETE FROM " + table);
            }
        }
        manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        fips = withQuota(10);
        manager.createNetworks(NetworkRequest.of("net", "10.0.0.0/16").withCount(4, 256));
    }

    FloatingIps withQuota(int quota) {
        return new FloatingIps(floating, store, new FloatingConfig(quota, false));
    }

    Allocation vm(String project, String vm) {
        return manager.allocate(ProjectId.of(project), InstanceId.of(vm), Optional.empty());
    }

    AssociationTarget fixed(Allocation a) {
        return new AssociationTarget.FixedAddress(a.address());
    }

    @Test
    void createPool_listedWithUsableAddresses() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/28", Optional.of("eth9")));

        assertThat(fips.pools()).singleElement().satisfies(u -> {
            assertThat(u.pool().name().value()).isEqualTo("public");
            assertThat(u.pool().usable()).isEqualTo(14);
            assertThat(u.pool().iface().orElseThrow().value()).isEqualTo("eth9");
            assertThat(u.free()).isEqualTo(14);
        });
    }

    @Test
    void createPool_overlappingANetworkOrAPool_refusedNamingTheRange() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/25", Optional.empty()));
        long version = floating.floatingVersion();

        assertThatThrownBy(() -> fips.createPool(FloatingPool.parse("inside", "10.0.1.128/25", Optional.empty()))).isInstanceOf(ConflictException.class)
                .hasMessage("range: 10.0.1.128/25 overlaps network net_2 (10.0.1.0/24)")
                .satisfies(e -> assertThat(((ConflictException) e).details()).containsEntry("field", "range"));
        assertThatThrownBy(() -> fips.createPool(FloatingPool.parse("other", "203.0.113.64/26", Optional.empty()))).isInstanceOf(ConflictException.class)
                .hasMessage("range: 203.0.113.64/26 overlaps floating pool public (203.0.113.0/25)");
        assertThatThrownBy(() -> fips.createPool(FloatingPool.parse("public", "198.51.100.0/24", Optional.empty()))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("pool: a floating pool named public exists");
        assertThat(fips.pools()).hasSize(1);
        assertThat(floating.floatingVersion()).isEqualTo(version);
    }

    @Test
    void networkCreate_overlappingAPool_refusedNamingTheCidr() {
        fips.createPool(FloatingPool.parse("public", "10.9.0.0/24", Optional.empty()));

        assertThatThrownBy(() -> manager.createNetworks(NetworkRequest.of("late", "10.9.0.0/23").withCount(2, 256)))
                .isInstanceOf(ConflictException.class).hasMessage("cidr: 10.9.0.0/24 overlaps floating pool public (10.9.0.0/24)");
        assertThat(store.networks()).hasSize(4);
    }

    @Test
    void allocate_lowestFreeAddress_untilTheQuota() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        FloatingIps twoEach = withQuota(2);

        FloatingIp a = twoEach.allocate(ProjectId.of("p1"), Optional.empty());
        FloatingIp b = twoEach.allocate(ProjectId.of("p1"), Optional.of(FloatingPoolName.of("public")));

        assertThat(List.of(a.address().toString(), b.address().toString())).containsExactly("203.0.113.1", "203.0.113.2");
        assertThat(a.project().value()).isEqualTo("p1");
        assertThat(a.association()).isEmpty();
        assertThatThrownBy(() -> twoEach.allocate(ProjectId.of("p1"), Optional.empty())).isInstanceOf(ExhaustedException.class)
                .hasMessage("quota.floating-ips: project p1 holds 2 floating IPs, its quota is 2 (release one first)");
        assertThat(twoEach.allocate(ProjectId.of("p2"), Optional.empty()).address().toString()).isEqualTo("203.0.113.3");
        twoEach.release(a.address());
        assertThat(twoEach.allocate(ProjectId.of("p1"), Optional.empty()).address()).isEqualTo(a.address());
    }

    @Test
    void allocate_noPool_fullPool_unknownPool() {
        assertThatThrownBy(() -> fips.allocate(ProjectId.of("p1"), Optional.empty())).isInstanceOf(ExhaustedException.class)
                .hasMessageContaining("no floating pool exists");
        fips.createPool(FloatingPool.parse("tiny", "203.0.113.0/30", Optional.empty()));
        fips.allocate(ProjectId.of("p1"), Optional.empty());
        fips.allocate(ProjectId.of("p2"), Optional.empty());
        assertThatThrownBy(() -> fips.allocate(ProjectId.of("p3"), Optional.of(FloatingPoolName.of("tiny")))).isInstanceOf(ExhaustedException.class)
                .hasMessage("pool: no free floating IP in pool tiny");
        assertThatThrownBy(() -> fips.allocate(ProjectId.of("p3"), Optional.of(FloatingPoolName.of("nowhere")))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void associate_withAVmOrItsAddress_andMovingSaysFromWhere() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        Allocation one = vm("p1", "vm-1");
        Allocation two = vm("p1", "vm-2");
        FloatingIp fip = fips.allocate(ProjectId.of("p1"), Optional.empty());

        Associated first = fips.associate(fip.address(), new AssociationTarget.Vm(InstanceId.of("vm-1")));
        Associated moved = fips.associate(fip.address(), fixed(two));
        Associated again = fips.associate(fip.address(), fixed(two));

        assertThat(first.movedFrom()).isEmpty();
        assertThat(first.floatingIp().association().orElseThrow().fixedAddress()).isEqualTo(one.address());
        assertThat(first.floatingIp().association().orElseThrow().instance().orElseThrow().value()).isEqualTo("vm-1");
        assertThat(moved.movedFrom()).contains(one.address());
        assertThat(moved.floatingIp().association().orElseThrow().fixedAddress()).isEqualTo(two.address());
        assertThat(again.movedFrom()).isEmpty();
        assertThat(fips.show(fip.address()).state()).isEqualTo("associated");
    }

    @Test
    void associate_acrossProjects_forbidden_andBadTargetsRefused() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        Allocation other = vm("p2", "vm-2");
        Allocation mine = vm("p1", "vm-1");
        FloatingIp fip = fips.allocate(ProjectId.of("p1"), Optional.empty());
        FloatingIp second = fips.allocate(ProjectId.of("p1"), Optional.empty());
        fips.associate(second.address(), fixed(mine));
        long version = floating.floatingVersion();

        assertThatThrownBy(() -> fips.associate(fip.address(), fixed(other))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fips.associate(fip.address(), fixed(mine))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already has floating IP " + second.address());
        assertThatThrownBy(() -> fips.associate(fip.address(), new AssociationTarget.FixedAddress(Ipv4Address.parse("10.0.0.200"))))
                .isInstanceOf(ConflictException.class).hasMessage("fixed_address: 10.0.0.200 is not allocated to a VM");
        assertThatThrownBy(() -> fips.associate(fip.address(), new AssociationTarget.FixedAddress(Ipv4Address.parse("192.0.2.1"))))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> fips.associate(fip.address(), new AssociationTarget.Vm(InstanceId.of("no-such-vm"))))
                .isInstanceOf(NotFoundException.class).hasMessage("vm no-such-vm not found");
        assertThatThrownBy(() -> fips.associate(Ipv4Address.parse("203.0.113.99"), fixed(mine))).isInstanceOf(NotFoundException.class);
        assertThat(fips.show(fip.address()).association()).isEmpty();
        assertThat(floating.floatingVersion()).isEqualTo(version);
    }

    @Test
    void disassociate_andRelease() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        Allocation mine = vm("p1", "vm-1");
        FloatingIp fip = fips.allocate(ProjectId.of("p1"), Optional.empty());
        String address = fip.address().toString();

        assertThatThrownBy(() -> fips.disassociate(Ipv4Address.parse(address))).isInstanceOf(ConflictException.class)
                .hasMessage("address: floating IP " + address + " is not associated");
        fips.associate(Ipv4Address.parse(address), fixed(mine));
        assertThat(fips.disassociate(Ipv4Address.parse(address)).association()).isEmpty();
        fips.associate(Ipv4Address.parse(address), fixed(mine));
        FloatingIp released = fips.release(Ipv4Address.parse(address));

        assertThat(released.association().orElseThrow().fixedAddress()).isEqualTo(mine.address());
        assertThat(fips.list(FloatingFilter.all())).isEmpty();
        assertThatThrownBy(() -> fips.release(Ipv4Address.parse(address))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void releasingTheFixedAddress_releasesAnAutoAssignedOne_andDisassociatesAnyOther() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        Allocation auto = vm("p1", "vm-auto");
        Allocation manual = vm("p1", "vm-manual");
        FloatingIp given = floating.allocateAssociated(auto.network().project().orElseThrow(), auto.address(), 10);
        FloatingIp held = fips.allocate(ProjectId.of("p1"), Optional.empty());
        fips.associate(held.address(), fixed(manual));
        assertThat(given.autoAssigned()).isTrue();
        assertThat(given.association().orElseThrow().fixedAddress()).isEqualTo(auto.address());

        manager.release(auto.address().toString());
        manager.releaseInstance(InstanceId.of("vm-manual"));

        assertThat(fips.list(new FloatingFilter(Optional.empty(), Optional.of(ProjectId.of("p1"))))).singleElement().satisfies(ip -> {
            assertThat(ip.address()).isEqualTo(held.address());
            assertThat(ip.association()).isEmpty();
        });
    }

    @Test
    void deletePool_refusedWhileHeld() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.empty()));
        FloatingIp fip = fips.allocate(ProjectId.of("p1"), Optional.empty());

        assertThatThrownBy(() -> fips.deletePool(FloatingPoolName.of("public"))).isInstanceOf(ConflictException.class)
                .hasMessage("pool: cannot delete public while projects hold 1 of its addresses (release them first)");
        fips.release(fip.address());
        assertThat(fips.deletePool(FloatingPoolName.of("public")).range().toString()).isEqualTo("203.0.113.0/24");
        assertThat(fips.pools()).isEmpty();
        assertThatThrownBy(() -> fips.deletePool(FloatingPoolName.of("public"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void rules_addListDelete_duplicatesRefused() {
        IngressRule ssh = fips.addRule(IngressRule.parse("p1", "tcp", Optional.of("22"), Optional.empty()));
        IngressRule dns = fips.addRule(IngressRule.parse("p1", "udp", Optional.of("53-54"), Optional.of("198.51.100.0/24")));
        fips.addRule(IngressRule.parse("p2", "icmp", Optional.empty(), Optional.empty()));

        assertThatThrownBy(() -> fips.addRule(IngressRule.parse("p1", "tcp", Optional.of("22"), Optional.empty()))).isInstanceOf(ConflictException.class)
                .hasMessage("rule: project p1 has this rule already (id " + ssh.id() + ")");
        assertThat(fips.rules(Optional.of(ProjectId.of("p1")))).containsExactly(ssh, dns);
        assertThat(fips.deleteRule(ssh.id())).isEqualTo(ssh);
        assertThat(fips.rules(Optional.empty())).hasSize(2);
        assertThatThrownBy(() -> fips.deleteRule(ssh.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void nodeState_holdsTheAssociationsOfTheNodesNetworks_withTheirProjectsRules() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/24", Optional.of("pub0")));
        Allocation mine = vm("p1", "vm-1");
        Allocation theirs = vm("p2", "vm-2");
        store.claimNetworks("node-a");
        FloatingIp a = fips.allocate(ProjectId.of("p1"), Optional.empty());
        FloatingIp b = fips.allocate(ProjectId.of("p2"), Optional.empty());
        fips.associate(a.address(), fixed(mine));
        fips.associate(b.address(), fixed(theirs));
        IngressRule rule = fips.addRule(IngressRule.parse("p1", "tcp", Optional.of("80"), Optional.empty()));
        fips.addRule(IngressRule.parse("p3", "tcp", Optional.of("80"), Optional.empty()));

        NodeFloatingState state = floating.floatingState("node-a");
        NodeFloatingState other = floating.floatingState("node-b");

        assertThat(state.poolsExist()).isTrue();
        assertThat(state.poolInterfaces()).extracting(i -> i.value()).containsExactly("pub0");
        assertThat(state.served()).extracting(s -> s.floatingIp() + ">" + s.fixed())
                .containsExactly(a.address() + ">" + mine.address(), b.address() + ">" + theirs.address());
        assertThat(state.rules().get(mine.network().project().orElseThrow())).containsExactly(rule);
        assertThat(state.rules()).hasSize(2);
        assertThat(other.served()).isEmpty();
        assertThat(state.version()).isEqualTo(floating.floatingVersion());
    }

    @Test
    void autoFloatingNetworks_createdMarkedInOneTransaction_aRefusedCreationMarksNothing() {
        Set<Long> before = floating.autoFloatingNetworks();
        List<Network> created = floating.createAutoFloatingNetworks(manager.carving(NetworkRequest.of("auto", "10.60.0.0/24")));
        assertThat(floating.autoFloatingNetworks()).containsAll(created.stream().map(Network::id).toList()).hasSize(before.size() + 1);

        fips.createPool(FloatingPool.parse("public", "203.0.113.0/28", Optional.empty()));
        int networks = store.networks().size();
        assertThatThrownBy(() -> floating.createAutoFloatingNetworks(manager.carving(NetworkRequest.of("over", "203.0.113.0/24"))))
                .isInstanceOf(ConflictException.class);
        assertThat(store.networks()).hasSize(networks);
        assertThat(floating.autoFloatingNetworks()).hasSize(before.size() + 1);
    }

    @Test
    void autoFloatingNetworks_marked() {
        long id = store.networks().get(1).id();
        floating.setAutoFloating(List.of(id), true);
        floating.setAutoFloating(List.of(id), true);
        assertThat(floating.autoFloatingNetworks()).containsExactly(id);
        floating.setAutoFloating(List.of(id), false);
        assertThat(floating.autoFloatingNetworks()).isEmpty();
    }

    @Test
    void poolUsage_countsHeldAndAssociated() {
        fips.createPool(FloatingPool.parse("public", "203.0.113.0/28", Optional.empty()));
        Allocation mine = vm("p1", "vm-1");
        fips.allocate(ProjectId.of("p1"), Optional.empty());
        FloatingIp fip = fips.allocate(ProjectId.of("p1"), Optional.empty());
        fips.associate(fip.address(), fixed(mine));

        PoolUsage usage = fips.pools().get(0);
        assertThat(usage.allocated()).isEqualTo(2);
        assertThat(usage.associated()).isEqualTo(1);
        assertThat(usage.free()).isEqualTo(12);
    }
}
