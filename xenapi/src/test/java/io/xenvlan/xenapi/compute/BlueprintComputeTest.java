package io.xenvlan.xenapi.compute;

import io.xenvlan.core.value.InstanceId;
import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.SimHost;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blueprint's compute steps and VIFs, end to end: VLAN manager, store, XenAPI driver, simulator over HTTP. */
class BlueprintComputeTest {
    @TempDir
    Path dir;
    private ComputeRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private ComputeRig start(SimulatorConfig.Builder sim) {
        rig = ComputeRig.start(sim, TestDatabase.h2(), dir);
        return rig;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> record) {
        return (Map<String, Object>) record.get("other_config");
    }

    private AttachedVif attach(String project, String vm) {
        return rig.main.attachments().attach(ProjectId.of(project), LAB, InstanceId.of(vm), OptionalLong.empty());
    }

    @Test
    void attach_createsTheVlanNetworkOnEveryHostAndPlugsTheVif() {
        start(SimulatorConfig.builder().hosts(3).vms(3));
        String vm = rig.runningVms().get(0);

        AttachedVif attached = attach("alpha", vm);

        List<Map<String, Object>> networks = rig.where("network", "name_label", "br100");
        assertThat(networks).hasSize(1);
        Map<String, Object> network = networks.get(0);
        assertThat((String) network.get("bridge")).startsWith("xapi");
        assertThat(network.get("managed")).isEqualTo(true);
        assertThat(config(network)).containsEntry("xenvlan_vlan", "100")
                .containsEntry("xenvlan_network_id", Long.toString(attached.network().id()));
        List<Map<String, Object>> vlanPifs = rig.where("PIF", "network", attached.vif().networkRef());
        assertThat(vlanPifs).hasSize(3).allSatisfy(pif -> {
            assertThat(((Number) pif.get("VLAN")).longValue()).isEqualTo(100);
            assertThat(pif.get("device")).isEqualTo("eth1");
        });
        assertThat(vlanPifs.stream().map(p -> p.get("host")).distinct()).hasSize(3);
        Map<String, Object> vif = rig.sim.record(attached.vif().vifRef());
        assertThat(vif.get("MAC")).isEqualTo(attached.vif().mac().toString());
        assertThat(vif.get("network")).isEqualTo(attached.vif().networkRef());
        assertThat(vif.get("currently_attached")).isEqualTo(true);
        assertThat(config(vif)).containsEntry("xenvlan_vif_id",
                attached.vif().xenvlanVifUuid().toString());
        assertThat(attached.vif().plugged()).isTrue();
        assertThat(attached.network().vlan().value()).isEqualTo(100);
        assertThat(rig.main.pools().networkRef(LAB, attached.network().id())).contains(attached.vif().networkRef());
        assertThat(rig.main.pools().vifsOfVm(LAB, InstanceId.of(vm))).extracting(v -> v.placement().orElseThrow()).containsExactly(attached.vif());
        assertThat(config(vif)).containsEntry("xenvlan_deployment", rig.main.pools().deployment().toString());
        assertThat(vif.get("locking_mode")).isEqualTo("locked");
        assertThat(vif.get("ipv4_allowed")).isEqualTo(List.of(attached.address().toString()));
    }

    @Test
    void secondAttachOnTheSameVlan_reusesTheNetworkInThreeCalls() {
        start(SimulatorConfig.builder().hosts(3).vms(3));
        List<String> vms = rig.runningVms();
        AttachedVif first = attach("alpha", vms.get(0));
        rig.sim.resetStats();

        AttachedVif second = attach("alpha", vms.get(1));

        assertThat(second.vif().networkRef()).isEqualTo(first.vif().networkRef());
        assertThat(rig.where("network", "name_label", "br100")).hasSize(1);
        assertThat(rig.sim.records("VLAN")).hasSize(3);
        // the VM's ref comes from the event-fed index (event.from runs beside, not on the attach path)
        Map<String, Long> calls = new java.util.TreeMap<>();
        rig.sim.stats().methods().forEach((method, s) -> calls.put(method, s.calls()));
        calls.remove("event.from");
        assertThat(calls).containsOnlyKeys("VIF.get_all_records_where", "VIF.create", "VIF.plug")
                .allSatisfy((method, count) -> assertThat(count).isEqualTo(1L));
    }

    @Test
    void conflictingNetwork_isRefusedAndNothingIsCreated() {
        start(SimulatorConfig.builder().hosts(3).vms(3));
        SimHost host1 = rig.sim.hosts().get(0);
        String trunk = rig.sim.records("PIF").entrySet().stream()
                .filter(e -> e.getValue().get("host").equals(host1.ref()) && "eth1".equals(e.getValue().get("device")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        rig.sim.createVlan(trunk, 201, rig.sim.createNetwork("br100", ""));
        int pifs = rig.sim.records("PIF").size();
        int vifs = rig.sim.records("VIF").size();
        String vm = rig.runningVms().get(0);

        assertThatThrownBy(() -> attach("alpha", vm)).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.details()).containsEntry("pool", "lab").containsEntry("host", "host1")
                    .containsEntry("expected_tag", 100L).containsEntry("found_tag", 201L);
            assertThat(e.getMessage()).contains("br100").contains("201").contains("host1");
        });

        assertThat(rig.sim.records("PIF")).hasSize(pifs);
        assertThat(rig.sim.records("VIF")).hasSize(vifs);
        assertThat(rig.main.manager().addresses(java.util.Optional.empty(), java.util.Optional.empty(), false)).isEmpty();
    }

    @Test
    void hostJoiningLater_getsItsVlanPifWhenAVmThereAttaches() throws Exception {
        start(SimulatorConfig.builder().hosts(2).vms(2));
        AttachedVif first = attach("alpha", rig.runningVms().get(0));
        SimHost late = rig.sim.addHost("host3");
        String vmRef = rig.sim.addVm("late-vm");
        rig.sim.startVm(vmRef, late.ref());
        String lateVm = (String) rig.sim.record(vmRef).get("uuid");

        AttachedVif onLateHost = attach("alpha", lateVm);

        assertThat(onLateHost.vif().plugged()).isTrue();
        assertThat(rig.where("PIF", "network", first.vif().networkRef())).hasSize(3)
                .anySatisfy(pif -> assertThat(pif.get("host")).isEqualTo(late.ref()));
    }

    @Test
    void aFreshProcess_coversHostsThatJoinedLater() throws Exception {
        start(SimulatorConfig.builder().hosts(2).vms(2));
        AttachedVif first = attach("alpha", rig.runningVms().get(0));
        rig.sim.addHost("host3");

        rig.process().driver().ensureVlanNetwork(LAB, first.network());

        assertThat(rig.where("PIF", "network", first.vif().networkRef())).hasSize(3);
        assertThat(rig.where("network", "name_label", "br100")).hasSize(1);
    }

    @Test
    void noTrunkDevice_namesTheHostsAndCreatesNoNetwork() {
        start(SimulatorConfig.builder().hosts(2).vms(2).nics(List.of("eth0")));
        String vm = rig.runningVms().get(0);

        assertThatThrownBy(() -> attach("alpha", vm)).isInstanceOfSatisfying(BackendFailureException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("TRUNK_PIF_MISSING");
            assertThat(e.params()).containsExactly("lab", "eth1", "host1", "host2");
        });
        assertThat(rig.where("network", "name_label", "br100")).isEmpty();
    }

    @Test
    void unknownVm_isNotFoundBeforeAnythingChanges() {
        start(SimulatorConfig.builder().hosts(1).vms(1));
        assertThatThrownBy(() -> attach("alpha", "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(NotFoundException.class);
        assertThat(rig.main.manager().addresses(java.util.Optional.empty(), java.util.Optional.empty(), false)).isEmpty();
        assertThat(rig.main.manager().hasNetwork(ProjectId.of("alpha"))).as("no project association").isFalse();
        assertThat(rig.where("network", "name_label", "br100")).as("no VLAN network on the pool").isEmpty();
    }

    @Test
    void detach_unplugsDestroysAndReleases() {
        start(SimulatorConfig.builder().hosts(2).vms(2));
        String vm = rig.runningVms().get(0);
        AttachedVif attached = attach("alpha", vm);

        rig.main.attachments().detach(LAB, InstanceId.of(vm));

        assertThat(rig.sim.records("VIF")).doesNotContainKey(attached.vif().vifRef());
        assertThat(rig.main.pools().vifsOfVm(LAB, InstanceId.of(vm))).isEmpty();
        assertThat(rig.main.manager().addresses(java.util.Optional.empty(), java.util.Optional.empty(), false)).isEmpty();
    }

    @Test
    void vmStartedAfterwards_isFoundThroughTheEventFedIndex() throws Exception {
        start(SimulatorConfig.builder().hosts(2).vms(1));
        attach("alpha", rig.runningVms().get(0));
        String vmRef = rig.sim.addVm("newcomer");
        rig.sim.startVm(vmRef, null);
        String vm = (String) rig.sim.record(vmRef).get("uuid");
        rig.sim.resetStats();

        // the loop's pending event.from returns with it
        Eventually.await("the VM index to learn the new VM", Duration.ofSeconds(10), () -> rig.main.driver().indexKnows(LAB, vm));
        attach("alpha", vm);

        assertThat(rig.sim.stats().calls("VM.get_by_uuid")).isZero();
        assertThat(rig.sim.stats().calls("VM.get_all_records_where")).isZero();
    }

    @Test
    void networkDeletedBehindOurBack_isMadeAgain() {
        start(SimulatorConfig.builder().hosts(2).vms(2));
        List<String> vms = rig.runningVms();
        AttachedVif first = attach("alpha", vms.get(0));
        rig.main.attachments().detach(LAB, InstanceId.of(vms.get(0)));
        try (io.xenvlan.xenapi.client.XenApiClient admin = io.xenvlan.xenapi.client.XenApiClient.create(
                io.xenvlan.xenapi.client.XenApiClientConfig.builder(rig.sim.url(), "root",
                        io.xenvlan.xenapi.client.Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build())) {
            admin.vlans().getAll().forEach(admin.vlans()::destroy);
            admin.networks().destroy(io.xenvlan.xenapi.client.Ref.of(first.vif().networkRef()));
        }

        AttachedVif second = attach("alpha", vms.get(1));

        assertThat(second.vif().networkRef()).isNotEqualTo(first.vif().networkRef());
        assertThat(rig.where("PIF", "network", second.vif().networkRef())).hasSize(2);
        assertThat(rig.main.pools().networkRef(LAB, second.network().id())).contains(second.vif().networkRef());
    }

    @Test
    void rateLimit_becomesTheVifsQos() {
        start(SimulatorConfig.builder().hosts(1).vms(1));
        AttachedVif attached = rig.main.attachments().attach(ProjectId.of("alpha"), LAB, InstanceId.of(rig.runningVms().get(0)), OptionalLong.of(10_000));
        Map<String, Object> vif = rig.sim.record(attached.vif().vifRef());
        assertThat(vif.get("qos_algorithm_type")).isEqualTo("ratelimit");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) vif.get("qos_algorithm_params");
        assertThat(params).containsEntry("kbps", "10000");
    }
}
