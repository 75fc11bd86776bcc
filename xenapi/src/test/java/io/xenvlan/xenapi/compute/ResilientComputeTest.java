package io.xenvlan.xenapi.compute;

import io.xenvlan.core.value.InstanceId;
import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compute side when the pool redirects, forgets sessions, fails calls, or uses Open vSwitch. */
class ResilientComputeTest {
    @TempDir
    Path dir;
    private ComputeRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private AttachedVif attach(String vm) {
        return rig.main.attachments().attach(ProjectId.of("alpha"), LAB, InstanceId.of(vm), OptionalLong.empty());
    }

    private void assertOneNetworkWithOneVlanPifPerHost(int hosts) {
        List<Map<String, Object>> networks = rig.where("network", "name_label", "br100");
        assertThat(networks).hasSize(1);
        String ref = rig.sim.records("network").entrySet().stream().filter(e -> "br100".equals(e.getValue().get("name_label")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<Map<String, Object>> pifs = rig.where("PIF", "network", ref);
        assertThat(pifs).hasSize(hosts);
        assertThat(pifs.stream().map(p -> p.get("host")).distinct()).hasSize(hosts);
        assertThat(pifs).allSatisfy(p -> assertThat(((Number) p.get("VLAN")).longValue()).isEqualTo(100));
    }

    @Test
    void poolRegisteredByAMemberAddress_followsHostIsSlave() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(3).vms(3), TestDatabase.h2(), dir, VifDriver.BRIDGE,
                Optional.empty(), true);
        assertThat(attach(rig.runningVms().get(0)).vif().plugged()).isTrue();
        assertThat(rig.main.clients().client(LAB).masterUrl()).isEqualTo(rig.sim.url());
        assertOneNetworkWithOneVlanPifPerHost(3);
    }

    @Test
    void expiredSession_isRenewedBetweenAttaches() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(2), TestDatabase.h2(), dir);
        attach(rig.runningVms().get(0));
        rig.sim.expireAllSessions();

        assertThat(attach(rig.runningVms().get(1)).vif().plugged()).isTrue();
        assertThat(rig.sim.sessions()).hasSize(1);
    }

    @Test
    void injectedFaults_areRetriedWithoutDuplicates() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(3).vms(8).failRate(0.25).seed(7), TestDatabase.h2(), dir);
        for (String vm : rig.runningVms()) {
            assertThat(attach(vm).vif().plugged()).isTrue();
        }
        assertOneNetworkWithOneVlanPifPerHost(3);
        assertThat(rig.sim.records("VIF").values().stream().filter(v -> v.get("network").equals(
                rig.main.pools().networkRef(LAB, rig.main.manager().networkOf(ProjectId.of("alpha")).id()).orElseThrow()))).hasSize(8);
    }

    @Test
    void faultsBeyondTheRetries_endInAClearErrorAndReleaseTheAddress() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(2).failRate(1.0), TestDatabase.h2(), dir);
        String vm = rig.runningVms().get(0);

        assertThatThrownBy(() -> attach(vm)).isInstanceOfSatisfying(BackendFailureException.class, e -> {
            assertThat(e.getMessage()).contains("pool lab").contains("failed after 5 attempts");
            assertThat(e.errorCode()).isIn("OTHER_OPERATION_IN_PROGRESS", "INTERNAL_ERROR");
        });
        assertThat(rig.where("network", "name_label", "br100")).isEmpty();
        assertThat(rig.main.manager().addresses(Optional.empty(), Optional.empty(), false)).isEmpty();
    }

    @Test
    void openVswitchDriver_joinsTheIntegrationNetworkWithIfaceIdAndNoVlans() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(2), TestDatabase.h2(), dir, VifDriver.OPENVSWITCH,
                Optional.of("Pool-wide network 1"), false);
        String integration = rig.sim.records("network").entrySet().stream()
                .filter(e -> "xenbr1".equals(e.getValue().get("bridge"))).map(Map.Entry::getKey).findFirst().orElseThrow();

        AttachedVif attached = attach(rig.runningVms().get(0));

        assertThat(attached.vif().networkRef()).isEqualTo(integration);
        @SuppressWarnings("unchecked")
        Map<String, Object> otherConfig = (Map<String, Object>) rig.sim.record(attached.vif().vifRef()).get("other_config");
        assertThat(otherConfig).containsEntry("nicira-iface-id", attached.vif().xenvlanVifUuid().toString());
        assertThat(rig.sim.records("VLAN")).isEmpty();
    }
}
