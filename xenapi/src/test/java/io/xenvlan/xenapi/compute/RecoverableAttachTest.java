package io.xenvlan.xenapi.compute;

import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.ForbiddenException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.AttachRequest;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.Detachment;
import io.xenvlan.core.hypervisor.OperationTiming;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolNetworkView;
import io.xenvlan.core.hypervisor.RecoveryReport;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.hypervisor.VifRequest;
import io.xenvlan.core.hypervisor.VmInfo;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.HypervisorNetworking;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attach and detach as operations that survive failures, crashes and retries, and their guards, on
 * the simulator over HTTP: an attach of a NIC the VM has returns it, a failure is undone in the
 * pool before the address goes, a dead process's half-done attach is undone by recovery (or by the
 * next attach of the VM), a VM belongs to its first project.
 */
class RecoverableAttachTest {
    @TempDir
    Path dir;
    private ComputeRig rig;
    private List<String> vms;

    @BeforeEach
    void start() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(4), TestDatabase.h2(), dir, ComputeRig.quick());
        vms = rig.runningVms();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private AttachedVif attach(String project, String vm, int nic) {
        return rig.main.attachments().attach(new AttachRequest(ProjectId.of(project), LAB, InstanceId.of(vm), nic, OptionalLong.empty(), false));
    }

    private List<Map<String, Object>> xenvlanVifsOnPool(String vm) {
        String vmRef = rig.sim.records("VM").entrySet().stream().filter(e -> vm.equals(e.getValue().get("uuid")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        return rig.sim.records("VIF").values().stream().filter(v -> vmRef.equals(v.get("VM")))
                .filter(v -> ((Map<?, ?>) v.get("other_config")).containsKey("xenvlan_vif_id")).toList();
    }

    private List<FixedIp> allocated() {
        return rig.main.manager().addresses(Optional.empty(), Optional.empty(), false);
    }

    @Test
    void attachingTheSameVmAgain_returnsItsVifUnchanged() {
        AttachedVif first = attach("alpha", vms.get(0), 0);
        AttachedVif again = attach("alpha", vms.get(0), 0);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.vif()).isEqualTo(first.vif());
        assertThat(again.address()).isEqualTo(first.address());
        assertThat(xenvlanVifsOnPool(vms.get(0))).hasSize(1);
        assertThat(allocated()).hasSize(1);
    }

    @Test
    void aSecondNic_isAskedForExplicitly_andIsIdempotentToo() {
        AttachedVif first = attach("alpha", vms.get(0), 0);
        AttachedVif second = attach("alpha", vms.get(0), 1);
        AttachedVif secondAgain = attach("alpha", vms.get(0), 1);

        assertThat(second.created()).isTrue();
        assertThat(second.address()).isNotEqualTo(first.address());
        assertThat(second.vif().mac()).isNotEqualTo(first.vif().mac());
        assertThat(second.vif().device()).isNotEqualTo(first.vif().device());
        assertThat(secondAgain.vif()).isEqualTo(second.vif());
        assertThat(xenvlanVifsOnPool(vms.get(0))).hasSize(2);
    }

    @Test
    void concurrentAttachesOfOneVm_makeOneVif() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<AttachedVif>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(threads.submit(() -> attach("alpha", vms.get(0), 0)));
            }
            List<AttachedVif> answers = new ArrayList<>();
            for (Future<AttachedVif> r : results) {
                answers.add(r.get());
            }
            assertThat(answers).extracting(AttachedVif::vif).containsOnly(answers.get(0).vif());
            assertThat(answers).filteredOn(AttachedVif::created).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
        assertThat(xenvlanVifsOnPool(vms.get(0))).hasSize(1);
        assertThat(allocated()).hasSize(1);
    }

    /** The real driver, except that an attach fails after the VIF was made on the pool (a reply lost, a timeout). */
    private static final class FailingAfterTheVif implements HypervisorNetworking {
        private final HypervisorNetworking real;

        FailingAfterTheVif(HypervisorNetworking real) {
            this.real = real;
        }

        @Override
        public String ensureVlanNetwork(PoolName pool, Network network) {
            return real.ensureVlanNetwork(pool, network);
        }

        @Override
        public VmInfo vm(PoolName pool, InstanceId vmUuid) {
            return real.vm(pool, vmUuid);
        }

        @Override
        public PlacedVif attachVif(PoolName pool, VifRequest request) {
            real.attachVif(pool, request);
            throw new BackendFailureException("xenapi", "XENVLAN_TIMEOUT", List.of("VIF.plug"), "no reply in time", null);
        }

        @Override
        public boolean detachVif(PoolName pool, InstanceId vmUuid, UUID xenvlanVifUuid) {
            return real.detachVif(pool, vmUuid, xenvlanVifUuid);
        }

        @Override
        public List<PoolNetworkView> networks(PoolName pool) {
            return real.networks(pool);
        }
    }

    @Test
    void aFailedFirstAttach_isUndoneInThePool_releasesTheAddress_andLeavesNoAssociation() {
        try (VifAttachments failing = new VifAttachments(rig.main.manager(), new FailingAfterTheVif(rig.main.driver()),
                rig.main.pools())) {
            assertThatThrownBy(() -> failing.attach(new AttachRequest(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(0)), 0, OptionalLong.empty(),
                    false))).isInstanceOf(BackendFailureException.class).hasMessageContaining("no reply in time");
        }
        assertThat(xenvlanVifsOnPool(vms.get(0))).isEmpty();
        assertThat(allocated()).isEmpty();
        assertThat(rig.main.pools().vifsOfVm(LAB, InstanceId.of(vms.get(0)))).isEmpty();
        assertThat(rig.main.manager().hasNetwork(ProjectId.of("alpha"))).isFalse();
        assertThat(rig.main.pools().vmOwner(LAB, InstanceId.of(vms.get(0)))).as("the VM got no VIF: it belongs to nobody").isEmpty();
        attach("beta", vms.get(0), 0); // so another project may have it
    }

    @Test
    void aFailedAttachOfAProjectWithANetwork_keepsTheNetwork() {
        attach("alpha", vms.get(0), 0);
        try (VifAttachments failing = new VifAttachments(rig.main.manager(), new FailingAfterTheVif(rig.main.driver()),
                rig.main.pools())) {
            assertThatThrownBy(() -> failing.attach(new AttachRequest(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(1)), 0, OptionalLong.empty(),
                    false))).isInstanceOf(BackendFailureException.class);
        }
        assertThat(rig.main.manager().hasNetwork(ProjectId.of("alpha"))).isTrue();
        assertThat(allocated()).hasSize(1);
        assertThat(xenvlanVifsOnPool(vms.get(1))).isEmpty();
    }

    /** What a process killed right after VIF.create leaves: the intent, the address, the VIF on the pool, a claim. */
    private UUID crashAfterTheVifWasMade(String id) {
        InstanceId vm = InstanceId.of(id);
        Worker dead = new Worker(UUID.randomUUID(), "killed");
        rig.main.pools().heartbeat(dead);
        rig.main.pools().claimVm(LAB, vm, dead, Duration.ofSeconds(1)).orElseThrow();
        UUID uuid = rig.main.pools().beginAttach(LAB, vm, 0, ProjectId.of("alpha"), OptionalLong.empty());
        Allocation a = rig.main.manager().allocateForVif(ProjectId.of("alpha"), vm, uuid);
        rig.main.driver().attachVif(LAB, new VifRequest(uuid, rig.main.pools().deployment(), vm, a.mac(), a.address(), a.network(),
                OptionalLong.empty()));
        return uuid;
    }

    @Test
    void recovery_undoesAnAttachADeadProcessLeftHalfDone() throws Exception {
        crashAfterTheVifWasMade(vms.get(0));
        assertThat(xenvlanVifsOnPool(vms.get(0))).hasSize(1);

        assertThat(rig.main.attachments().recover(LAB).vifs()).as("its worker still counts as alive").isZero();
        Thread.sleep(1300);
        RecoveryReport report = rig.main.attachments().recover(LAB);

        assertThat(report.vifs()).isEqualTo(1);
        assertThat(report.vms()).isEqualTo(1);
        assertThat(xenvlanVifsOnPool(vms.get(0))).isEmpty();
        assertThat(allocated()).isEmpty();
        assertThat(rig.main.pools().vifsOfVm(LAB, InstanceId.of(vms.get(0)))).isEmpty();
    }

    @Test
    void theStoresSoleUser_takesEveryEarlierWorkerForDead_withoutWaitingForItsHeartbeatToAge() {
        crashAfterTheVifWasMade(vms.get(0));
        crashAfterTheVifWasMade(vms.get(1));
        VifAttachments alone = rig.process(OperationTiming.defaults()).attachments(); // a silent worker counts as alive for 10 s
        alone.takeOtherWorkersForDead();

        assertThat(alone.vmsToRecover(LAB)).containsExactlyInAnyOrder(InstanceId.of(vms.get(0)), InstanceId.of(vms.get(1)));
        RecoveryReport report = alone.recover(LAB);

        assertThat(report.vifs()).isEqualTo(2);
        assertThat(xenvlanVifsOnPool(vms.get(0))).isEmpty();
        assertThat(xenvlanVifsOnPool(vms.get(1))).isEmpty();
        assertThat(allocated()).isEmpty();
    }

    @Test
    void theStoresSoleUser_retriesAnAttachOfADeadProcessAtOnce_evenOnceItsWorkerRuns() {
        VifAttachments alone = rig.process(OperationTiming.defaults()).attachments();
        assertThat(alone.attach(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(1)), OptionalLong.empty()).created()).isTrue(); // its worker registered
        UUID orphaned = crashAfterTheVifWasMade(vms.get(0));
        alone.takeOtherWorkersForDead();

        long start = System.nanoTime();
        AttachedVif retried = alone.attach(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(0)), OptionalLong.empty());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the dead worker (10 s)").isLessThan(Duration.ofSeconds(5));
        assertThat(retried.vif().xenvlanVifUuid()).isNotEqualTo(orphaned);
        assertThat(xenvlanVifsOnPool(vms.get(0))).hasSize(1);
        assertThat(allocated()).hasSize(2);
    }

    @Test
    void aRetriedAttach_takesOverFromADeadProcess_andEndsWithOneVif() {
        UUID orphaned = crashAfterTheVifWasMade(vms.get(0));

        AttachedVif retried = attach("alpha", vms.get(0), 0); // waits for the dead worker's heartbeat to age

        assertThat(retried.created()).isTrue();
        assertThat(retried.vif().xenvlanVifUuid()).isNotEqualTo(orphaned);
        assertThat(xenvlanVifsOnPool(vms.get(0))).singleElement()
                .satisfies(v -> assertThat(((Map<?, ?>) v.get("other_config")).get("xenvlan_vif_id"))
                        .isEqualTo(retried.vif().xenvlanVifUuid().toString()));
        assertThat(allocated()).extracting(FixedIp::address).containsExactly(retried.address());
    }

    @Test
    void aProjectsAttachOfAnotherProjectsVm_isForbidden_anAdminMay() {
        attach("alpha", vms.get(0), 0);

        assertThatThrownBy(() -> attach("beta", vms.get(0), 1)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> rig.main.attachments().detach(Optional.of(ProjectId.of("beta")), LAB, InstanceId.of(vms.get(0))))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> rig.main.attachments().detach(Optional.of(ProjectId.of("beta")), LAB,
                InstanceId.of("11111111-2222-3333-4444-555555555555"))).as("a VM that does not exist: the same answer")
                .isInstanceOf(ForbiddenException.class);
        assertThat(rig.main.manager().hasNetwork(ProjectId.of("beta"))).isFalse();

        AttachedVif byAdmin = rig.main.attachments().attach(new AttachRequest(ProjectId.of("beta"), LAB, InstanceId.of(vms.get(0)), 1,
                OptionalLong.empty(), true));
        assertThat(byAdmin.network().project()).contains(ProjectId.of("beta"));
        assertThat(rig.main.pools().vmOwner(LAB, InstanceId.of(vms.get(0)))).contains(ProjectId.of("alpha"));
    }

    @Test
    void aControlDomain_isNoVm_andNothingChanges() {
        String dom0 = rig.sim.records("VM").values().stream().filter(v -> Boolean.TRUE.equals(v.get("is_control_domain")))
                .map(v -> (String) v.get("uuid")).findFirst().orElseThrow();

        assertThatThrownBy(() -> attach("alpha", dom0, 0)).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.field()).isEqualTo("vm");
            assertThat(e.getMessage()).contains("control domain");
        });
        assertThat(rig.main.manager().hasNetwork(ProjectId.of("alpha"))).isFalse();
        assertThat(rig.where("network", "name_label", "br100")).isEmpty();
    }

    @Test
    void templatesAndSnapshots_areNoVms_andNothingChanges() {
        for (Map<String, Object> record : rig.sim.records("VM").values()) {
            if (!Boolean.TRUE.equals(record.get("is_a_template"))) {
                continue;
            }
            String kind = Boolean.TRUE.equals(record.get("is_a_snapshot")) ? "snapshot" : "template";
            assertThatThrownBy(() -> attach("alpha", (String) record.get("uuid"), 0)).as("%s", record.get("name_label"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("is a " + kind));
        }
        assertThat(rig.sim.records("VM").values()).anySatisfy(v -> assertThat(v.get("is_a_snapshot")).isEqualTo(true));
        assertThat(rig.main.manager().hasNetwork(ProjectId.of("alpha"))).isFalse();
        assertThat(rig.where("network", "name_label", "br100")).isEmpty();
    }

    @Test
    void detach_saysWhatItDid_releasesOnlyItsVifsAddresses_andASecondDetachHasNothingLeft() {
        AttachedVif attached = attach("alpha", vms.get(0), 0);
        Allocation ipamOnly = rig.main.manager().allocate(ProjectId.of("alpha"), InstanceId.of(vms.get(0)), Optional.empty());

        Detachment first = rig.main.attachments().detach(Optional.of(ProjectId.of("alpha")), LAB, InstanceId.of(vms.get(0)));
        Detachment second = rig.main.attachments().detach(Optional.of(ProjectId.of("alpha")), LAB, InstanceId.of(vms.get(0)));

        assertThat(first.detached()).singleElement().satisfies(d -> {
            assertThat(d.uuid()).isEqualTo(attached.vif().xenvlanVifUuid());
            assertThat(d.address()).contains(attached.address());
        });
        assertThat(first.summary()).startsWith("detached 1 VIF from VM " + vms.get(0));
        assertThat(second.detached()).isEmpty();
        assertThat(second.summary()).startsWith("nothing to detach");
        assertThat(xenvlanVifsOnPool(vms.get(0))).isEmpty();
        assertThat(allocated()).extracting(FixedIp::address).containsExactly(ipamOnly.address());
    }

    @Test
    void rateLimitOutOfRange_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new AttachRequest(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(0)), 0, OptionalLong.of(0), false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("rate_kbps"));
        assertThatThrownBy(() -> new AttachRequest(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(0)), 0, OptionalLong.of(100_000_001L), false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.getMessage()).contains("100000000"));
        assertThatThrownBy(() -> new AttachRequest(ProjectId.of("alpha"), LAB, InstanceId.of(vms.get(0)), 16, OptionalLong.empty(), false))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("nic"));
    }

    @Test
    void injectedFaultsBeyondTheRetries_leaveNoOrphanNoDuplicateAndNoLeak() throws Exception {
        rig.close();
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(12).failRate(0.6).seed(11), TestDatabase.h2(), dir,
                ComputeRig.quick());
        int failures = 0;
        for (String vm : rig.runningVms()) {
            try {
                attach("alpha", vm, 0);
            } catch (BackendFailureException e) {
                failures++;
            }
        }
        assertThat(failures).as("the fault rate is high enough to exhaust some retries").isPositive();
        // recovery undoes what a failure could not (the undo's own calls fail too, at this rate)
        for (int pass = 0; pass < 20 && !rig.main.pools().vmsToRecover(LAB, Duration.ofSeconds(1)).isEmpty(); pass++) {
            rig.main.attachments().recover(LAB);
        }
        assertThat(rig.main.pools().vmsToRecover(LAB, Duration.ofSeconds(1))).isEmpty();

        List<Map<String, Object>> ours = rig.sim.records("VIF").values().stream()
                .filter(v -> ((Map<?, ?>) v.get("other_config")).containsKey("xenvlan_vif_id")).toList();
        List<String> recorded = rig.main.pools().vifsOfPool(LAB).stream().map(v -> v.uuid().toString()).toList();
        assertThat(ours.stream().map(v -> (String) ((Map<?, ?>) v.get("other_config")).get("xenvlan_vif_id")).toList())
                .as("every VIF xenvlan made is recorded").containsExactlyInAnyOrderElementsOf(recorded);
        assertThat(ours.stream().map(v -> v.get("MAC")).distinct()).hasSize(ours.size());
        assertThat(allocated()).hasSize(ours.size());
    }

    @Test
    void operationTiming_refusesAStaleTimeShorterThanTwoHeartbeats() {
        assertThatThrownBy(() -> new OperationTiming(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
