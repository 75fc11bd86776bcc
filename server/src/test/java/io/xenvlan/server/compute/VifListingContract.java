package io.xenvlan.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The VIF listing the API, the command line and the pool inventory share: pool, VM and project
 * filtered in SQL, alone or together, newest first; the same on H2 and PostgreSQL. The tests only
 * read, so one database with four VIFs serves them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class VifListingContract {
    private TestDatabase database;
    private JdbcStore store;
    private JdbcPoolStore pools;
    private VlanManager manager;
    private VifListing listing;
    private UUID labP1Vm1;
    private UUID labP1Vm1Nic1;
    private UUID labP2Vm2;
    private UUID edgeP1Vm3;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void open() {
        database = newDatabase();
        store = database.open();
        pools = JdbcPoolStore.on(store, Clock.systemUTC());
        manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        manager.createNetworks(NetworkRequest.of("net", "10.0.0.0/24").withCount(2, 128));
        pools.addPool(settings("lab"));
        pools.addPool(settings("edge"));
        listing = new VifListing(store.dataSource());
        labP1Vm1 = attach("lab", "vm-1", 0, "p1");
        labP2Vm2 = attach("lab", "vm-2", 0, "p2");
        edgeP1Vm3 = attach("edge", "vm-3", 0, "p1");
        labP1Vm1Nic1 = attach("lab", "vm-1", 1, "p1");
    }

    @AfterAll
    void close() {
        store.close();
        database.close();
    }

    private static PoolSettings settings(String name) {
        return new PoolSettings(PoolName.of(name), URI.create("https://192.0.2.1"), "root",
                new PasswordSource.File(Path.of("/etc/xenvlan/" + name + ".password")), VifDriver.BRIDGE, Optional.empty(),
                new PoolTls(PoolTls.Mode.SYSTEM, Optional.empty()));
    }

    /** An attach as the compute side records it: intent, allocation on the VIF, placement. */
    private UUID attach(String pool, String id, int nic, String project) {
        InstanceId vm = InstanceId.of(id);
        UUID uuid = pools.beginAttach(PoolName.of(pool), vm, nic, ProjectId.of(project), OptionalLong.empty());
        Allocation a = manager.allocateForVif(ProjectId.of(project), vm, uuid);
        pools.finishAttach(new PlacedVif(uuid, PoolName.of(pool), vm, a.mac(), "OpaqueRef:vif-" + uuid, "OpaqueRef:net",
                Integer.toString(nic), true));
        return uuid;
    }

    private List<UUID> listed(Optional<String> pool, Optional<String> vm, Optional<String> project) {
        return listing.list(new VifFilter(pool, vm, project)).stream().map(VifRow::uuid).toList();
    }

    @Test
    void noFilter_listsEveryProjectsVifs_newestFirst() {
        assertThat(listing.list(VifFilter.everything())).extracting(VifRow::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(listed(Optional.empty(), Optional.empty(), Optional.empty()))
                .containsExactlyInAnyOrder(labP1Vm1, labP1Vm1Nic1, labP2Vm2, edgeP1Vm3);
    }

    @Test
    void eachFilter_selectsOnlyItsRows() {
        assertThat(listed(Optional.of("lab"), Optional.empty(), Optional.empty())).containsExactlyInAnyOrder(labP1Vm1, labP1Vm1Nic1, labP2Vm2);
        assertThat(listed(Optional.empty(), Optional.of("vm-1"), Optional.empty())).containsExactlyInAnyOrder(labP1Vm1, labP1Vm1Nic1);
        assertThat(listed(Optional.empty(), Optional.empty(), Optional.of("p1"))).containsExactlyInAnyOrder(labP1Vm1, labP1Vm1Nic1, edgeP1Vm3);
        assertThat(listed(Optional.of("nowhere"), Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void filtersTogether_areAllApplied() {
        assertThat(listed(Optional.of("lab"), Optional.empty(), Optional.of("p1"))).containsExactlyInAnyOrder(labP1Vm1, labP1Vm1Nic1);
        assertThat(listed(Optional.of("lab"), Optional.of("vm-2"), Optional.of("p2"))).containsExactly(labP2Vm2);
        assertThat(listed(Optional.of("lab"), Optional.of("vm-2"), Optional.of("p1"))).as("another project's VM").isEmpty();
        assertThat(listed(Optional.of("edge"), Optional.of("vm-1"), Optional.empty())).as("the VM is on another pool").isEmpty();
    }

    @Test
    void byVm_groupsOnePoolsVifsOldestFirst() {
        assertThat(listing.byVm(PoolName.of("lab"))).containsOnlyKeys("vm-1", "vm-2");
        assertThat(listing.byVm(PoolName.of("lab")).get("vm-1")).extracting(VifRow::nic).containsExactly(0, 1);
        assertThat(listing.byVm(PoolName.of("edge")).get("vm-3")).extracting(VifRow::uuid).containsExactly(edgeP1Vm3);
    }

    @Test
    void aListedVif_carriesItsAddressAndNetwork() {
        VifRow row = listing.find(edgeP1Vm3).orElseThrow();
        assertThat(row.pool()).isEqualTo("edge");
        assertThat(row.project()).contains("p1");
        assertThat(row.address()).isPresent();
        assertThat(row.network()).get().asString().startsWith("net_");
        assertThat(row.vlan()).isPresent();
        assertThat(row.state()).isEqualTo("attached");
        assertThat(listing.list(new VifFilter(Optional.of("edge"), Optional.empty(), Optional.empty()))).containsExactly(row);
    }
}
