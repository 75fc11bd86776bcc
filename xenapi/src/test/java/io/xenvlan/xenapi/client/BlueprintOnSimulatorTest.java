package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seeds' blueprint steps, driven by the client over JSON-RPC against the simulator. */
class BlueprintOnSimulatorTest {
    private SimulatedPool pool;
    private XenApiClient client;

    @BeforeEach
    void start() {
        pool = SimulatedPool.start(3, 3);
        client = pool.client();
    }

    @AfterEach
    void stop() {
        client.close();
        pool.close();
    }

    private Map<Ref<PifRecord>, PifRecord> trunkPifs(String device) {
        return client.pifs().getAllRecordsWhere(XenFilter.and(XenFilter.eq("device", device), XenFilter.eq("VLAN", "-1")));
    }

    @Test
    void blueprint_createsNetworkAndOneVlanPerHostOnEth1() {
        assertThat(client.networks().getByNameLabel("br100")).isEmpty();

        Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br100", "xenvlan VLAN 100", 1500,
                Map.of("xenvlan_network_id", "1", "xenvlan_vlan", "100")));
        Map<Ref<PifRecord>, PifRecord> trunks = trunkPifs("eth1");
        assertThat(trunks).hasSize(3);
        trunks.keySet().forEach(pif -> client.vlans().create(pif, 100, network));

        assertThat(client.networks().getByNameLabel("br100")).containsExactly(network);
        NetworkRecord record = client.networks().getRecord(network);
        assertThat(record.bridge()).startsWith("xapi");
        assertThat(record.managed()).isTrue();
        assertThat(record.otherConfig()).containsEntry("xenvlan_vlan", "100");
        assertThat(record.pifs()).hasSize(3);
        List<PifRecord> vlanPifs = record.pifs().stream().map(client.pifs()::getRecord).toList();
        assertThat(vlanPifs).allSatisfy(pif -> {
            assertThat(pif.vlan()).isEqualTo(100);
            assertThat(pif.device()).isEqualTo("eth1");
            assertThat(pif.physical()).isFalse();
            assertThat(pif.currentlyAttached()).isTrue();
            VlanRecord vlan = client.vlans().getRecord(pif.vlanMasterOf());
            assertThat(vlan.tag()).isEqualTo(100);
            assertThat(trunks).containsKey(vlan.taggedPif());
        });
        assertThat(vlanPifs.stream().map(PifRecord::host).distinct()).hasSize(3);
    }

    @Test
    void poolCreateVlanFromPif_coversEveryHost() {
        Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br101", "", 1500, Map.of()));
        Ref<PifRecord> anyTrunk = trunkPifs("eth1").keySet().iterator().next();

        List<Ref<PifRecord>> created = client.pools().createVlanFromPif(anyTrunk, network, 101);

        assertThat(created).hasSize(3);
        assertThat(client.networks().getPifs(network)).containsExactlyInAnyOrderElementsOf(created);
        assertThat(created).allSatisfy(pif -> assertThat(client.pifs().getRecord(pif).vlan()).isEqualTo(101));
    }

    @Test
    void existingNetwork_isFoundByNameLabelAndItsTagsChecked() {
        Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br102", "", 1500, Map.of()));
        client.pools().createVlanFromPif(trunkPifs("eth1").keySet().iterator().next(), network, 102);

        List<Ref<NetworkRecord>> found = client.networks().getByNameLabel("br102");
        Map<Ref<PifRecord>, PifRecord> onNetwork = client.pifs().getAllRecordsWhere(
                XenFilter.eq("network", found.get(0).value()));

        assertThat(onNetwork).hasSize(3);
        assertThat(onNetwork.values()).extracting(PifRecord::vlan).containsOnly(102L);
    }

    @Test
    void vif_createPlugUnplugDestroyOnARunningVm() {
        Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br103", "", 1500, Map.of()));
        client.pools().createVlanFromPif(trunkPifs("eth1").keySet().iterator().next(), network, 103);
        Map.Entry<Ref<VmRecord>, VmRecord> vm = client.vms().getAllRecordsWhere(XenFilter.and(
                XenFilter.eq("power_state", "Running"), XenFilter.eq("is_control_domain", "false")))
                .entrySet().iterator().next();
        assertThat(client.vms().getPowerState(vm.getKey())).isEqualTo(VmPowerState.RUNNING);
        assertThat(client.vms().getResidentOn(vm.getKey())).isEqualTo(vm.getValue().residentOn());

        Ref<VifRecord> vif = client.vifs().create(new VifSpec("7", network, vm.getKey(), "02:00:00:00:10:07", 1500,
                Map.of("xenvlan_vif_id", "42"), "", Map.of()));
        assertThat(client.vms().getVifs(vm.getKey())).contains(vif);
        client.vifs().plug(vif);
        VifRecord plugged = client.vifs().getRecord(vif);
        assertThat(plugged.currentlyAttached()).isTrue();
        assertThat(plugged.mac()).isEqualTo("02:00:00:00:10:07");
        assertThat(plugged.otherConfig()).containsEntry("xenvlan_vif_id", "42");
        client.vifs().unplug(vif);
        client.vifs().destroy(vif);
        assertThat(client.vms().getVifs(vm.getKey())).doesNotContain(vif);
    }

    @Test
    void eventFrom_reportsTheNewNetworkWithItsSnapshot() {
        EventBatch first = client.events().from(List.of("network"), "", java.time.Duration.ofMillis(100));
        Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br104", "", 1500, Map.of()));

        EventBatch next = client.events().from(List.of("network"), first.token(), java.time.Duration.ofSeconds(5));

        assertThat(next.events()).anySatisfy(e -> {
            assertThat(e.operation()).isEqualTo(XenEvent.Operation.ADD);
            assertThat(e.refAs(XenType.NETWORK)).isEqualTo(network);
            assertThat(e.snapshotAs(XenType.NETWORK)).get().extracting(NetworkRecord::nameLabel).isEqualTo("br104");
        });
    }
}
