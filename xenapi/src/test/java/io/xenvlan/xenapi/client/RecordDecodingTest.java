package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records decode the pool's JSON field names, and tolerate string-typed numbers and missing fields. */
class RecordDecodingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void pif_readsXenApiFieldNames() throws Exception {
        PifRecord pif = XenType.PIF.decode(json("{'uuid':'u','device':'eth1','host':'OpaqueRef:h','network':'OpaqueRef:n',"
                + "'MAC':'fe:ff:ff:ff:ff:ff','MTU':9000,'VLAN':100,'physical':false,'currently_attached':true,"
                + "'management':false,'managed':true,'VLAN_master_of':'OpaqueRef:v','VLAN_slave_of':[],"
                + "'bond_slave_of':'OpaqueRef:NULL','bond_master_of':[],'other_config':{},'ip_configuration_mode':'None',"
                + "'IP':'','netmask':'','gateway':''}"));
        assertThat(pif.device()).isEqualTo("eth1");
        assertThat(pif.vlan()).isEqualTo(100);
        assertThat(pif.isVlan()).isTrue();
        assertThat(pif.mtu()).isEqualTo(9000);
        assertThat(pif.currentlyAttached()).isTrue();
        assertThat(pif.vlanMasterOf()).isEqualTo(Ref.of("OpaqueRef:v"));
        assertThat(pif.bondSlaveOf().isNull()).isTrue();
    }

    @Test
    void numbersAndBooleansAsStrings_areAccepted() throws Exception {
        NetworkRecord network = XenType.NETWORK.decode(json("{'name_label':'br100','MTU':'1500','managed':'false',"
                + "'PIFs':['OpaqueRef:a'],'other_config':{'xenvlan_vlan':'100'}}"));
        assertThat(network.mtu()).isEqualTo(1500);
        assertThat(network.managed()).isFalse();
        assertThat(network.pifs()).containsExactly(Ref.of("OpaqueRef:a"));
        assertThat(network.otherConfig()).isEqualTo(Map.of("xenvlan_vlan", "100"));
    }

    @Test
    void missingFields_takeNeutralDefaults() throws Exception {
        VmRecord vm = XenType.VM.decode(json("{'uuid':'u'}"));
        assertThat(vm.nameLabel()).isEmpty();
        assertThat(vm.powerState()).isEqualTo(VmPowerState.UNRECOGNIZED);
        assertThat(vm.residentOn().isNull()).isTrue();
        assertThat(vm.vifs()).isEqualTo(List.of());
    }

    @Test
    void powerState_readsXenApiSpelling() throws Exception {
        assertThat(XenType.VM.decode(json("{'power_state':'Running'}")).powerState()).isEqualTo(VmPowerState.RUNNING);
        assertThat(VmPowerState.RUNNING.wireName()).isEqualTo("Running");
    }

    @Test
    void event_snapshotDecodesAsItsClass() throws Exception {
        EventBatch batch = EventBatch.decode(json("{'events':[{'id':7,'timestamp':'1','class':'network','operation':'add',"
                + "'ref':'OpaqueRef:n','snapshot':{'name_label':'br100','bridge':'xapi0'}},"
                + "{'id':8,'class':'VIF','operation':'del','ref':'OpaqueRef:v'}],'valid_ref_counts':{'network':3},"
                + "'token':'8'}"));
        assertThat(batch.token()).isEqualTo("8");
        assertThat(batch.validRefCounts()).containsEntry("network", 3L);
        XenEvent added = batch.events().get(0);
        assertThat(added.operation()).isEqualTo(XenEvent.Operation.ADD);
        assertThat(added.snapshotAs(XenType.NETWORK)).get().extracting(NetworkRecord::bridge).isEqualTo("xapi0");
        assertThat(added.snapshotAs(XenType.VIF)).isEmpty();
        XenEvent deleted = batch.events().get(1);
        assertThat(deleted.operation()).isEqualTo(XenEvent.Operation.DEL);
        assertThat(deleted.snapshot()).isEmpty();
    }
}
