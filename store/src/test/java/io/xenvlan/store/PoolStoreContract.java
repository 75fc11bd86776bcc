package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.StoredVif;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.hypervisor.VifState;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool store (V10, V32 tables) on each database: pools, recorded refs, the ensure lock, VIF operations, VM claims, guards. */
abstract class PoolStoreContract {
    private static final PoolName LAB = PoolName.of("lab");
    private TestDatabase database;
    private JdbcStore store;
    private JdbcPoolStore pools;
    private VlanManager manager;
    private Network network;

    abstract TestDatabase newDatabase();

    /** Whether the store this contract runs on can only be used by this process. */
    abstract boolean soleUser();

    @BeforeEach
    void open() {
        database = newDatabase();
        store = database.open();
        pools = JdbcPoolStore.on(store, Clock.systemUTC());
        manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        network = manager.createNetworks(NetworkRequest.of("net", "10.0.0.0/24").withCount(2, 128)).get(0);
        pools.addPool(settings(LAB));
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    private static PoolSettings settings(PoolName name) {
        return new PoolSettings(name, URI.create("https://192.0.2.1"), "root",
                new PasswordSource.File(Path.of("/etc/xenvlan/lab.password")), VifDriver.BRIDGE, Optional.empty(),
                new PoolTls(PoolTls.Mode.PINNED, Optional.of("AB:CD")));
    }

    @Test
    void addPool_roundTripsAndRefusesTheSameNameTwice() {
        assertThat(pools.pool(LAB)).contains(settings(LAB));
        assertThat(pools.pools()).containsExactly(settings(LAB));
        assertThatThrownBy(() -> pools.addPool(settings(LAB))).isInstanceOf(ConflictException.class);
    }

    /** An attach as the compute side records it: intent, allocation on the VIF, placement. */
    private StoredVif attached(String id, int nic, String project) {
        InstanceId vm = InstanceId.of(id);
        UUID uuid = pools.beginAttach(LAB, vm, nic, ProjectId.of(project), OptionalLong.empty());
        Allocation a = manager.allocateForVif(ProjectId.of(project), vm, uuid);
        pools.finishAttach(new PlacedVif(uuid, LAB, vm, a.mac(), "OpaqueRef:vif-" + uuid, "OpaqueRef:net", Integer.toString(nic), true));
        return pools.vif(uuid).orElseThrow();
    }

    @Test
    void removePool_refusedWhileVifsRemain() {
        StoredVif vif = attached("vm-1", 0, "p1");
        assertThat(pools.vifsOfVm(LAB, InstanceId.of("vm-1"))).containsExactly(vif);
        assertThatThrownBy(() -> pools.removePool(LAB)).isInstanceOf(ConflictException.class);

        pools.forgetVif(vif.uuid(), Instant.now());
        pools.removePool(LAB);
        assertThat(pools.pools()).isEmpty();
        assertThatThrownBy(() -> pools.removePool(LAB)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void attachLifecycle_intentThenAllocationThenPlacement_andForgetReleasesOnlyItsAddress() {
        UUID uuid = pools.beginAttach(LAB, InstanceId.of("vm-1"), 0, ProjectId.of("p1"), OptionalLong.of(500));
        assertThat(pools.vif(uuid)).get().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VifState.ATTACHING);
            assertThat(v.address()).isEmpty();
            assertThat(v.rateKbps()).hasValue(500);
            assertThat(v.locked()).isTrue();
        });
        Allocation a = manager.allocateForVif(ProjectId.of("p1"), InstanceId.of("vm-1"), uuid);
        assertThat(a.vifUuid()).isEqualTo(uuid);
        assertThat(pools.vif(uuid).orElseThrow().address()).contains(a.address()); // in the allocation's transaction
        assertThat(pools.vif(uuid).orElseThrow().mac()).contains(a.mac());
        Allocation other = manager.allocate(ProjectId.of("p1"), InstanceId.of("vm-1"), Optional.empty()); // an IPAM-only address of the same instance

        pools.finishAttach(new PlacedVif(uuid, LAB, InstanceId.of("vm-1"), a.mac(), "OpaqueRef:v", "OpaqueRef:n", "1", true));
        assertThat(pools.vif(uuid).orElseThrow().state()).isEqualTo(VifState.ATTACHED);
        assertThat(pools.vmOwner(LAB, InstanceId.of("vm-1"))).isEmpty(); // owners come with the VM's claim row (none was made here)

        assertThat(pools.forgetVif(uuid, Instant.now())).isPresent();
        assertThat(pools.vif(uuid)).isEmpty();
        assertThat(manager.addresses(Optional.empty(), Optional.empty(), false)).extracting(FixedIp::address)
                .containsExactly(other.address());
    }

    @Test
    void allocationForAVifNoLongerAttaching_isRefusedAndChangesNothing() {
        UUID uuid = pools.beginAttach(LAB, InstanceId.of("vm-1"), 0, ProjectId.of("p1"), OptionalLong.empty());
        pools.forgetVif(uuid, Instant.now()); // recovery undid the intent

        assertThatThrownBy(() -> manager.allocateForVif(ProjectId.of("p1"), InstanceId.of("vm-1"), uuid)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no attach of VIF " + uuid);
        assertThat(manager.addresses(Optional.empty(), Optional.empty(), false)).isEmpty();
    }

    @Test
    void beginAttach_ofANicTheVmHas_isConflict() {
        attached("vm-1", 0, "p1");
        assertThatThrownBy(() -> pools.beginAttach(LAB, InstanceId.of("vm-1"), 0, ProjectId.of("p1"), OptionalLong.empty()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("NIC 0");
        assertThat(pools.beginAttach(LAB, InstanceId.of("vm-1"), 1, ProjectId.of("p1"), OptionalLong.empty())).isNotNull();
    }

    @Test
    void finishAttach_ofAnUndoneIntent_isConflict() {
        UUID uuid = pools.beginAttach(LAB, InstanceId.of("vm-1"), 0, ProjectId.of("p1"), OptionalLong.empty());
        pools.forgetVif(uuid, Instant.now());
        assertThatThrownBy(() -> pools.finishAttach(new PlacedVif(uuid, LAB, InstanceId.of("vm-1"), MacAddress.parse("fa:16:3e:00:00:09"),
                "OpaqueRef:v", "OpaqueRef:n", "0", false))).isInstanceOf(ConflictException.class);
    }

    @Test
    void releasingAnAddressAVifHolds_isConflictNamingTheVif_andChangesNothing() {
        StoredVif vif = attached("vm-1", 0, "p1");
        String address = vif.address().orElseThrow().toString();

        assertThatThrownBy(() -> manager.release(address)).isInstanceOf(ConflictException.class)
                .hasMessageContaining(vif.uuid().toString()).hasMessageContaining("vm-1").hasMessageContaining("vif detach")
                .satisfies(e -> assertThat(((ConflictException) e).details()).containsEntry("vif", vif.uuid().toString()));
        assertThatThrownBy(() -> manager.releaseInstance(InstanceId.of("vm-1"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining(vif.uuid().toString());
        assertThat(manager.addresses(Optional.empty(), Optional.empty(), false)).extracting(a -> a.address().toString())
                .containsExactly(address);
    }

    @Test
    void disassociatingOrDeletingANetworkWithVifs_isRefusedNamingAVif() {
        StoredVif vif = attached("vm-1", 0, "p1");
        assertThatThrownBy(() -> manager.disassociate(ProjectId.of("p1"))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("VIF " + vif.uuid()).hasMessageContaining("detach");
        assertThatThrownBy(() -> manager.deleteNetwork(network.label().value())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("VIF " + vif.uuid());
        assertThat(manager.networkOf(ProjectId.of("p1")).id()).isEqualTo(network.id());
    }

    @Test
    void vmClaims_oneLiveWorkerAtATime_aDeadOnesClaimIsTakenOver() throws Exception {
        Worker first = new Worker(UUID.randomUUID(), "first");
        Worker second = new Worker(UUID.randomUUID(), "second");
        Duration stale = Duration.ofSeconds(1);
        pools.heartbeat(first);
        pools.heartbeat(second);

        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), first, stale)).get().satisfies(c -> assertThat(c.owner()).isEmpty());
        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), second, stale)).isEmpty();
        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), first, stale)).isPresent(); // its own claim again
        pools.releaseVm(LAB, InstanceId.of("vm-1"), first);
        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), second, stale)).isPresent();

        Thread.sleep(1500); // the second's heartbeat gets old: it is taken for dead
        pools.heartbeat(first);
        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), first, stale)).isPresent();
    }

    @Test
    void vmsToRecover_areThoseWithUnfinishedVifsNoLiveWorkerHolds() throws Exception {
        Worker worker = new Worker(UUID.randomUUID(), "w");
        pools.heartbeat(worker);
        pools.claimVm(LAB, InstanceId.of("vm-1"), worker, Duration.ofSeconds(1)).orElseThrow();
        UUID intent = pools.beginAttach(LAB, InstanceId.of("vm-1"), 0, ProjectId.of("p1"), OptionalLong.empty());
        attached("vm-2", 0, "p1");

        assertThat(pools.vmsToRecover(LAB, Duration.ofSeconds(1))).isEmpty(); // its worker lives
        Thread.sleep(1500);
        assertThat(pools.vmsToRecover(LAB, Duration.ofSeconds(1))).containsExactly(InstanceId.of("vm-1"));
        pools.forgetVif(intent, Instant.now());
        assertThat(pools.vmsToRecover(LAB, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void vmOwner_isTheProjectOfItsFirstVif() {
        Worker worker = new Worker(UUID.randomUUID(), "w");
        pools.heartbeat(worker);
        pools.claimVm(LAB, InstanceId.of("vm-1"), worker, Duration.ofSeconds(10)).orElseThrow();
        attached("vm-1", 0, "p1");
        assertThat(pools.vmOwner(LAB, InstanceId.of("vm-1"))).contains(ProjectId.of("p1"));
        assertThat(pools.ownedVms(LAB)).containsExactly(InstanceId.of("vm-1"));
        attached("vm-1", 1, "p2"); // an admin's attach for another project keeps the first owner
        assertThat(pools.vmOwner(LAB, InstanceId.of("vm-1"))).contains(ProjectId.of("p1"));
        assertThat(pools.vmOwner(LAB, InstanceId.of("vm-9"))).isEmpty();
        assertThatThrownBy(() -> pools.vmOwner(PoolName.of("nope"), InstanceId.of("vm-1"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void unrecordedAddresses_areAllocationsNoVifRecordHolds() {
        StoredVif vif = attached("vm-1", 0, "p1");
        Allocation ipamOnly = manager.allocate(ProjectId.of("p1"), InstanceId.of("vm-2"), Optional.empty());

        assertThat(pools.unrecordedAddresses()).singleElement().satisfies(u -> {
            assertThat(u.address()).isEqualTo(ipamOnly.address());
            assertThat(u.instance()).isEqualTo(InstanceId.of("vm-2"));
            assertThat(u.vifUuid()).isEqualTo(ipamOnly.vifUuid());
            assertThat(u.allocatedAt()).isPresent();
        });
        assertThat(pools.forgetVif(ipamOnly.vifUuid(), Instant.now())).isEmpty(); // no VIF record, the address goes all the same
        assertThat(pools.unrecordedAddresses()).isEmpty();
        assertThat(pools.vif(vif.uuid())).isPresent();
    }

    @Test
    void retireAllBut_freesEveryOtherWorkersClaims_andSoleUserSaysWhenThatIsRight() {
        Worker dead = new Worker(UUID.randomUUID(), "dead");
        Worker me = new Worker(UUID.randomUUID(), "me");
        pools.heartbeat(dead);
        pools.heartbeat(me);
        pools.claimVm(LAB, InstanceId.of("vm-1"), dead, Duration.ofMinutes(5)).orElseThrow();
        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), me, Duration.ofMinutes(5))).isEmpty();

        assertThat(pools.retireAllBut(me)).isEqualTo(1);

        assertThat(pools.claimVm(LAB, InstanceId.of("vm-1"), me, Duration.ofMinutes(5))).isPresent();
        assertThat(store.soleUser()).isEqualTo(soleUser());
    }

    @Test
    void deployment_isOneIdPerStore() {
        assertThat(pools.deployment()).isEqualTo(JdbcPoolStore.on(store, Clock.systemUTC()).deployment());
    }

    @Test
    void ensureNetworkOnce_recordsTheRefAndHandsItToTheNextCaller() {
        assertThat(pools.networkRef(LAB, network.id())).isEmpty();
        assertThat(pools.ensureNetworkOnce(LAB, network, recorded -> {
            assertThat(recorded).isEmpty();
            return "OpaqueRef:n1";
        })).isEqualTo("OpaqueRef:n1");
        assertThat(pools.networkRef(LAB, network.id())).contains("OpaqueRef:n1");
        pools.ensureNetworkOnce(LAB, network, recorded -> {
            assertThat(recorded).contains("OpaqueRef:n1");
            return recorded.get();
        });
    }

    @Test
    void ensureNetworkOnce_failingWork_recordsNothing() {
        assertThatThrownBy(() -> pools.ensureNetworkOnce(LAB, network, recorded -> {
            throw new IllegalStateException("pool unreachable");
        })).hasMessage("pool unreachable");
        assertThat(pools.networkRef(LAB, network.id())).isEmpty();
    }

    @Test
    void ensureNetworkOnce_racingCallersRunOneAfterTheOther() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                JdbcPoolStore own = JdbcPoolStore.on(store, Clock.systemUTC());
                results.add(threads.submit(() -> own.ensureNetworkOnce(LAB, network, recorded -> {
                    seen.add(recorded.orElse("none"));
                    return recorded.orElse("OpaqueRef:" + UUID.randomUUID());
                })));
            }
            List<String> refs = new ArrayList<>();
            for (Future<String> result : results) {
                refs.add(result.get());
            }
            assertThat(refs).containsOnly(refs.get(0));
            assertThat(seen).filteredOn("none"::equals).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void unknownPool_isNotFound() {
        assertThatThrownBy(() -> pools.ensureNetworkOnce(PoolName.of("nope"), network, r -> "x"))
                .isInstanceOf(NotFoundException.class);
    }
}
