package io.xenvlan.xenapi.compute;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.InstanceId;
import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.ComputeAudit;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.network.Network;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.xenapi.client.NetworkSpec;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import io.xenvlan.xenapi.client.XenFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit and repair of a pool's networks and VLAN PIFs against the store, on the simulator (VIFs: {@link VifAuditTest}). */
class ComputeAuditTest {
    @TempDir
    Path dir;
    private ComputeRig rig;
    private ComputeAudit audit;
    private XenApiClient admin;

    @BeforeEach
    void start() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(2).vms(2), TestDatabase.h2(), dir);
        audit = new ComputeAudit(rig.main.store(), rig.main.pools(), rig.main.driver(), rig.main.attachments());
        admin = XenApiClient.create(XenApiClientConfig.builder(rig.sim.url(), "root",
                Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build());
    }

    @AfterEach
    void stop() throws Exception {
        admin.close();
        rig.close();
    }

    private AttachedVif attach() {
        return rig.main.attachments().attach(ProjectId.of("alpha"), LAB, InstanceId.of(rig.runningVms().get(0)), OptionalLong.empty());
    }

    @Test
    void attachedPool_hasNoDrift() {
        attach();
        assertThat(audit.audit(LAB)).isEmpty();
    }

    @Test
    void hostJoinedLater_isMissingItsVlanPifUntilRepaired() throws Exception {
        attach();
        rig.sim.addHost("host3");

        assertThat(audit.audit(LAB)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Drift.Kind.VLAN_PIF_MISSING);
            assertThat(d.host()).isEqualTo("host3");
            assertThat(d.network()).isEqualTo("br100");
            assertThat(d.repairable()).isTrue();
        });
        assertThat(audit.repair(LAB)).isEmpty();
    }

    @Test
    void namesakesAndOrphans_areReportedNotTouched() {
        attach();
        Ref<io.xenvlan.xenapi.client.NetworkRecord> namesake = admin.networks().create(
                NetworkSpec.managed("br100", "made by hand", 1500, Map.of()));
        admin.networks().create(NetworkSpec.managed("br999", "", 1500, Map.of("xenvlan_network_id", "999")));

        List<Drift> drift = audit.repair(LAB);

        assertThat(drift).extracting(Drift::kind).containsExactlyInAnyOrder(Drift.Kind.DUPLICATE_NETWORK,
                Drift.Kind.ORPHAN_NETWORK);
        assertThat(drift).allSatisfy(d -> assertThat(d.repairable()).isFalse());
        assertThat(admin.networks().getRecord(namesake).nameDescription()).isEqualTo("made by hand");
    }

    @Test
    void recordedNetworkWithAnotherTag_isWrongTag() {
        Network network = rig.main.manager().networks().get(0);
        Ref<io.xenvlan.xenapi.client.NetworkRecord> foreign = admin.networks().create(
                NetworkSpec.managed("br100", "", 1500, Map.of()));
        Ref<io.xenvlan.xenapi.client.PifRecord> trunk = admin.pifs().getAllRecordsWhere(
                XenFilter.and(XenFilter.eq("device", "eth1"), XenFilter.eq("VLAN", "-1"))).keySet().iterator().next();
        admin.vlans().create(trunk, 200, foreign);
        rig.main.pools().ensureNetworkOnce(LAB, network, recorded -> foreign.value());

        List<Drift> drift = audit.audit(LAB);

        assertThat(drift).extracting(Drift::kind).containsExactlyInAnyOrder(Drift.Kind.WRONG_TAG, Drift.Kind.VLAN_PIF_MISSING);
        assertThat(drift).filteredOn(d -> d.kind() == Drift.Kind.WRONG_TAG).singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("VLAN 200, expected 100"));
    }
}
