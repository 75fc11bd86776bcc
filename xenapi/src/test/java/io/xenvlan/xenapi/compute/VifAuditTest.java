package io.xenvlan.xenapi.compute;

import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.xenapi.client.NetworkRecord;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VifRecord;
import io.xenvlan.xenapi.client.VifSpec;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenFilter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's view of VIFs and addresses against the pool's own records, one test per kind, and
 * {@code --repair}: it clears every repairable kind and leaves foreign objects alone.
 */
class VifAuditTest {
    @TempDir
    Path dir;
    private ComputeRig rig;
    private XenApiClient admin;
    private List<String> vms;

    @BeforeEach
    void start() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(4), TestDatabase.h2(), dir, ComputeRig.quick());
        admin = rig.admin();
        vms = rig.runningVms();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    /** An audit with the given leak grace, its clock {@code ahead} of now. */
    private ComputeAudit audit(Duration grace, Duration ahead) {
        return new ComputeAudit(rig.main.store(), rig.main.pools(), rig.main.driver(), rig.main.attachments(),
                Clock.fixed(Instant.now().plus(ahead), ZoneOffset.UTC), grace);
    }

    private ComputeAudit audit() {
        return audit(ComputeAudit.DEFAULT_LEAK_GRACE, Duration.ZERO);
    }

    private AttachedVif attach(String vm) {
        return rig.main.attachments().attach(ProjectId.of("alpha"), LAB, InstanceId.of(vm), OptionalLong.empty());
    }

    private Ref<VmRecord> vmRef(String uuid) {
        return admin.vms().getByUuid(uuid);
    }

    private Map<Ref<VifRecord>, VifRecord> vifsWithTag(UUID uuid) {
        Map<Ref<VifRecord>, VifRecord> all = new java.util.LinkedHashMap<>(admin.vifs().getAllRecords());
        all.values().removeIf(v -> !uuid.toString().equals(v.otherConfig().get("xenvlan_vif_id")));
        return all;
    }

    /** The store loses the record of an attached VIF (what an attach of an older version did on a crash). */
    private void forgetRecord(UUID vif) throws Exception {
        try (Connection c = rig.main.store().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM xen_vifs WHERE vif_uuid = ?")) {
            ps.setObject(1, vif);
            ps.executeUpdate();
        }
    }

    /** A VIF made by hand on a VM: not xenvlan's. */
    private Ref<VifRecord> foreignVif(String vm, Ref<NetworkRecord> network, String mac, Map<String, String> otherConfig,
                                      String locking, List<String> allowed) {
        String device = Integer.toString(5 + admin.vifs().getAllRecordsWhere(XenFilter.eq("VM", vmRef(vm).value())).size());
        return admin.vifs().create(new VifSpec(device, network, vmRef(vm), mac, 1500, otherConfig, "", Map.of(), locking, allowed));
    }

    private static List<Drift.Kind> kinds(List<Drift> drift) {
        return drift.stream().map(Drift::kind).toList();
    }

    @Test
    void attachedVifs_haveNoDrift_andASnapshotsCopiesOfVifsAreNoDuplicates() {
        attach(vms.get(0));
        attach(vms.get(1));
        assertThat(rig.sim.records("VM").values()).as("the pool has a snapshot with copies of a VM's VIFs")
                .anySatisfy(v -> assertThat(v.get("is_a_snapshot")).isEqualTo(true));
        assertThat(audit().audit(LAB)).isEmpty();
    }

    @Test
    void orphanVif_isDestroyedByRepair_thenItsLeakedAddressIsReleasedAfterTheGrace() throws Exception {
        AttachedVif attached = attach(vms.get(0));
        forgetRecord(attached.vif().xenvlanVifUuid());

        List<Drift> drift = audit().audit(LAB);
        assertThat(kinds(drift)).containsExactly(Drift.Kind.ORPHAN_VIF);
        assertThat(drift.get(0).repairable()).isTrue();
        assertThat(drift.get(0).detail()).contains(attached.vif().xenvlanVifUuid().toString()).contains(vms.get(0));

        List<Drift> left = audit().repair(LAB);
        assertThat(vifsWithTag(attached.vif().xenvlanVifUuid())).isEmpty();
        assertThat(kinds(left)).containsExactly(Drift.Kind.LEAKED_ADDRESS); // younger than the grace period
        assertThat(left.get(0).repairable()).isFalse();
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).hasSize(1);

        assertThat(audit(ComputeAudit.DEFAULT_LEAK_GRACE, Duration.ofMinutes(11)).repair(LAB)).isEmpty();
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).isEmpty();
    }

    @Test
    void vifMissingFromThePool_isMadeAgainByRepair() {
        AttachedVif attached = attach(vms.get(0));
        Ref<VifRecord> ref = Ref.of(attached.vif().vifRef());
        admin.vifs().unplug(ref);
        admin.vifs().destroy(ref);

        List<Drift> drift = audit().audit(LAB);
        assertThat(kinds(drift)).containsExactly(Drift.Kind.VIF_MISSING);
        assertThat(drift.get(0).detail()).contains("creates it again");

        assertThat(audit().repair(LAB)).isEmpty();
        assertThat(vifsWithTag(attached.vif().xenvlanVifUuid()).values()).singleElement().satisfies(v -> {
            assertThat(v.mac()).isEqualToIgnoringCase(attached.vif().mac().toString());
            assertThat(v.currentlyAttached()).isTrue();
            assertThat(v.ipv4Allowed()).containsExactly(attached.address().toString());
        });
    }

    @Test
    void vifOfAVmThatIsGone_isForgottenAndItsAddressReleasedByRepair() {
        InstanceId gone = InstanceId.of("0b0b0b0b-0000-4000-8000-000000000001");
        Worker worker = new Worker(UUID.randomUUID(), "w");
        rig.main.pools().heartbeat(worker);
        rig.main.pools().claimVm(LAB, gone, worker, Duration.ofSeconds(1)).orElseThrow();
        UUID uuid = rig.main.pools().beginAttach(LAB, gone, 0, ProjectId.of("alpha"), OptionalLong.empty());
        Allocation a = rig.main.manager().allocateForVif(ProjectId.of("alpha"), gone, uuid);
        rig.main.pools().finishAttach(new io.xenvlan.core.hypervisor.PlacedVif(uuid, LAB, gone, a.mac(), "OpaqueRef:gone",
                "OpaqueRef:net", "0", true));
        rig.main.pools().releaseVm(LAB, gone, worker);

        List<Drift> drift = audit().audit(LAB);
        assertThat(kinds(drift)).containsExactly(Drift.Kind.VIF_MISSING);
        assertThat(drift.get(0).detail()).contains("the VM is gone");

        assertThat(audit().repair(LAB)).isEmpty();
        assertThat(rig.main.pools().vif(uuid)).isEmpty();
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).isEmpty();
    }

    @Test
    void vifWhoseLockingChanged_isLockedAgainByRepair() {
        AttachedVif attached = attach(vms.get(0));
        Ref<VifRecord> ref = Ref.of(attached.vif().vifRef());
        admin.vifs().setLockingMode(ref, "unlocked");

        List<Drift> drift = audit().audit(LAB);
        assertThat(kinds(drift)).containsExactly(Drift.Kind.VIF_MISMATCH);
        assertThat(drift.get(0).detail()).contains("locking_mode unlocked").contains(attached.address().toString());
        assertThat(drift.get(0).repairable()).isTrue();

        assertThat(audit().repair(LAB)).isEmpty();
        assertThat(admin.vifs().getRecord(ref).lockingMode()).isEqualTo("locked");
    }

    /** Takes xenvlan's VIF off the pool and makes it again by hand, with its tag, network, locking and address, and {@code mac}. */
    private void remadeWithMac(AttachedVif attached, String mac) {
        Ref<VifRecord> ref = vifsWithTag(attached.vif().xenvlanVifUuid()).keySet().iterator().next();
        VifRecord old = admin.vifs().getRecord(ref);
        if (old.currentlyAttached()) {
            admin.vifs().unplug(ref);
        }
        admin.vifs().destroy(ref);
        foreignVif(vms.get(0), Ref.of(attached.vif().networkRef()), mac, old.otherConfig(), "locked",
                List.of(attached.address().toString()));
    }

    @Test
    void aVifsMac_isComparedCaseInsensitively_anotherMacIsAMismatchReportedNotRepaired() {
        AttachedVif attached = attach(vms.get(0));

        remadeWithMac(attached, attached.vif().mac().toString().toUpperCase(java.util.Locale.ROOT));
        assertThat(audit().audit(LAB)).as("xapi keeps a MAC as it was given").isEmpty();

        remadeWithMac(attached, "02:00:00:00:0a:0b");
        List<Drift> drift = audit().audit(LAB);
        assertThat(drift).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Drift.Kind.VIF_MISMATCH);
            assertThat(d.detail()).contains("02:00:00:00:0a:0b").contains(attached.vif().mac().toString()).contains("cannot change");
            assertThat(d.repairable()).isFalse();
        });
        assertThat(audit().repair(LAB)).extracting(Drift::kind).containsExactly(Drift.Kind.VIF_MISMATCH);
    }

    @Test
    void twoVifsWithOneMac_isDuplicateMac_readCaseInsensitively_andTheForeignOneIsLeftAlone() {
        AttachedVif attached = attach(vms.get(0));
        Ref<VifRecord> foreign = foreignVif(vms.get(1), Ref.of(attached.vif().networkRef()),
                attached.vif().mac().toString().toUpperCase(java.util.Locale.ROOT), Map.of(), "network_default", List.of());

        List<Drift> drift = audit().repair(LAB);

        assertThat(drift).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Drift.Kind.DUPLICATE_MAC);
            assertThat(d.network()).isEqualTo("br100");
            assertThat(d.detail()).contains(foreign.value()).contains(attached.vif().vifRef());
            assertThat(d.repairable()).isFalse();
        });
        assertThat(admin.vifs().getRecord(foreign).uuid()).isNotEmpty();
    }

    @Test
    void twoVifsWithOneAddress_isDuplicateAddress() {
        AttachedVif attached = attach(vms.get(0));
        foreignVif(vms.get(1), Ref.of(attached.vif().networkRef()), "02:00:00:00:00:01", Map.of(), "locked",
                List.of(attached.address().toString()));

        assertThat(audit().audit(LAB)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Drift.Kind.DUPLICATE_ADDRESS);
            assertThat(d.detail()).contains(attached.address().toString());
        });
    }

    @Test
    void addressAllocatedToAVmOfThePoolThatNoVifHolds_isLeaked_anIpamOnlyInstanceIsNot() {
        Allocation leaked = rig.main.manager().allocate(ProjectId.of("alpha"), InstanceId.of(vms.get(2)), Optional.empty());
        rig.main.manager().allocate(ProjectId.of("alpha"), InstanceId.of("web-frontend-1"), Optional.empty());

        List<Drift> drift = audit(Duration.ZERO, Duration.ZERO).audit(LAB);
        assertThat(drift).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Drift.Kind.LEAKED_ADDRESS);
            assertThat(d.detail()).contains(leaked.address().toString()).contains(vms.get(2));
            assertThat(d.repairable()).isTrue();
        });

        assertThat(audit(Duration.ZERO, Duration.ZERO).repair(LAB)).isEmpty();
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).extracting(FixedIp::instance)
                .extracting(Optional::orElseThrow).extracting(Object::toString).containsExactly("web-frontend-1");
    }

    @Test
    void anOperationADeadProcessLeft_isUnfinished_andRepairFinishesIt() throws Exception {
        Worker dead = new Worker(UUID.randomUUID(), "killed");
        rig.main.pools().heartbeat(dead);
        InstanceId vm = InstanceId.of(vms.get(0));
        rig.main.pools().claimVm(LAB, vm, dead, Duration.ofSeconds(1)).orElseThrow();
        UUID uuid = rig.main.pools().beginAttach(LAB, vm, 0, ProjectId.of("alpha"), OptionalLong.empty());
        Allocation a = rig.main.manager().allocateForVif(ProjectId.of("alpha"), vm, uuid);
        rig.main.driver().attachVif(LAB, new VifRequest(uuid, rig.main.pools().deployment(), vm, a.mac(), a.address(),
                a.network(), OptionalLong.empty()));
        Thread.sleep(1300);

        assertThat(kinds(audit().audit(LAB))).containsExactly(Drift.Kind.UNFINISHED_OPERATION);
        assertThat(audit().repair(LAB)).isEmpty();
        assertThat(vifsWithTag(uuid)).isEmpty();
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).isEmpty();
    }

    @Test
    void repair_clearsEveryRepairableKindAtOnce_andLeavesForeignObjectsAlone() throws Exception {
        AttachedVif orphan = attach(vms.get(0));
        forgetRecord(orphan.vif().xenvlanVifUuid());
        AttachedVif missing = attach(vms.get(1));
        admin.vifs().unplug(Ref.of(missing.vif().vifRef()));
        admin.vifs().destroy(Ref.of(missing.vif().vifRef()));
        AttachedVif unlocked = attach(vms.get(2));
        admin.vifs().setLockingMode(Ref.of(unlocked.vif().vifRef()), "disabled");
        rig.main.manager().allocate(ProjectId.of("alpha"), InstanceId.of(vms.get(3)), Optional.empty());
        Ref<NetworkRecord> network = Ref.of(missing.vif().networkRef());
        Ref<VifRecord> handMade = foreignVif(vms.get(3), network, "02:00:00:00:00:07", Map.of(), "network_default", List.of());
        Ref<VifRecord> otherDeployment = foreignVif(vms.get(3), network, "02:00:00:00:00:08",
                Map.of("xenvlan_vif_id", UUID.randomUUID().toString(), "xenvlan_deployment", UUID.randomUUID().toString()),
                "network_default", List.of());
        ComputeAudit audit = audit(Duration.ZERO, Duration.ZERO);
        assertThat(kinds(audit.audit(LAB))).containsExactlyInAnyOrder(Drift.Kind.ORPHAN_VIF, Drift.Kind.VIF_MISSING,
                Drift.Kind.VIF_MISMATCH, Drift.Kind.LEAKED_ADDRESS);

        assertThat(audit.repair(LAB)).isEmpty();

        assertThat(admin.vifs().getRecord(handMade).otherConfig()).isEmpty();
        assertThat(admin.vifs().getRecord(otherDeployment).otherConfig()).containsKey("xenvlan_deployment");
        assertThat(vifsWithTag(orphan.vif().xenvlanVifUuid())).isEmpty();
        assertThat(vifsWithTag(missing.vif().xenvlanVifUuid())).hasSize(1);
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).extracting(FixedIp::address)
                .containsExactlyInAnyOrder(missing.address(), unlocked.address());
    }
}
