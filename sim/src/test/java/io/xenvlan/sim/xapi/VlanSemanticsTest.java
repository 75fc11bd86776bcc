package io.xenvlan.sim.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.sim.XenApiFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VlanSemanticsTest {
    private final TestPool pool = new TestPool(3);

    @Test
    void vlanCreate_makesPluggedVlanPifLikeXapi() {
        String net = pool.network("br100");
        String physical = pool.pif(1, "eth1");
        String vlan = (String) pool.s("VLAN.create", physical, 100L, net);

        Map<String, Object> v = pool.rec("VLAN", vlan);
        assertThat(v).containsEntry("tag", 100L).containsEntry("tagged_PIF", physical);
        Map<String, Object> pif = pool.rec("PIF", (String) v.get("untagged_PIF"));
        assertThat(pif).containsEntry("device", "eth1").containsEntry("MAC", "fe:ff:ff:ff:ff:ff")
                .containsEntry("VLAN", 100L).containsEntry("physical", false).containsEntry("management", false)
                .containsEntry("managed", true).containsEntry("VLAN_master_of", vlan).containsEntry("network", net)
                .containsEntry("host", pool.hosts.get(1)).containsEntry("currently_attached", true)
                .containsEntry("MTU", 1500L);
        assertThat(pool.rec("PIF", physical).get("VLAN_slave_of")).isEqualTo(List.of(vlan));
        assertThat(pool.rec("network", net).get("PIFs")).isEqualTo(List.of(v.get("untagged_PIF")));
    }

    @Test
    void vlanCreate_tagZeroAnd4094Legal_outsideInvalid() {
        pool.vlan(0, 0L, pool.network("a"));
        pool.vlan(0, 4094L, pool.network("b"));
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), 4095L, pool.network("c")).description())
                .containsExactly("VLAN_TAG_INVALID", "4095");
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), -1L, pool.network("d")).description())
                .containsExactly("VLAN_TAG_INVALID", "-1");
    }

    @Test
    void vlanCreate_checksInXapiOrder() {
        String net = pool.network("n");
        String first = pool.vlan(0, 10L, net);
        String vlanPif = (String) pool.rec("VLAN", first).get("untagged_PIF");
        // the network is already connected on host 0: that wins over the bad tag and the VLAN PIF
        assertThat(pool.fails("VLAN.create", vlanPif, 5000L, net).description())
                .containsExactly("NETWORK_ALREADY_CONNECTED", pool.hosts.get(0), vlanPif);
        String other = pool.network("other");
        assertThat(pool.fails("VLAN.create", vlanPif, 5000L, other).code()).isEqualTo("PIF_IS_VLAN");
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), 5000L, other).code()).isEqualTo("VLAN_TAG_INVALID");
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), 10L, other).description())
                .containsExactly("PIF_VLAN_EXISTS", "eth1");
        pool.xapi.addForeignVlan(pool.hosts.get(0), "eth1", 11L);
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), 11L, other).description())
                .containsExactly("VLAN_IN_USE", "eth1", "11");
    }

    @Test
    void vlanCreate_unmanagedNetworkFirst() {
        String net = (String) pool.s("network.create", Map.of("name_label", "u", "other_config", Map.of(), "managed", false));
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), 5000L, net).description())
                .containsExactly("NETWORK_UNMANAGED", net);
    }

    @Test
    void vlanCreate_doesNotCheckTagsAcrossHosts() {
        String net = pool.network("mixed");
        pool.vlan(0, 100L, net);
        pool.vlan(1, 200L, net);
        assertThat(pool.rec("network", net).get("PIFs")).asList().hasSize(2);
    }

    @Test
    void vlanCreate_unknownRefs() {
        assertThat(pool.fails("VLAN.create", "OpaqueRef:nope", 1L, pool.network("x")).description())
                .containsExactly("HANDLE_INVALID", "PIF", "OpaqueRef:nope");
        assertThat(pool.fails("VLAN.create", pool.pif(0, "eth1"), 1L, pool.pif(1, "eth1")).code())
                .isEqualTo("HANDLE_INVALID");
    }

    @Test
    void vlanDestroy_removesPifAndVlanKeepsNetwork() {
        String net = pool.network("n");
        String vlan = pool.vlan(0, 5L, net);
        String pif = (String) pool.rec("VLAN", vlan).get("untagged_PIF");
        pool.s("VLAN.destroy", vlan);
        assertThat(pool.fails("PIF.get_record", pif).code()).isEqualTo("HANDLE_INVALID");
        assertThat(pool.fails("VLAN.get_record", vlan).code()).isEqualTo("HANDLE_INVALID");
        assertThat(pool.rec("network", net).get("PIFs")).asList().isEmpty();
        assertThat(pool.rec("PIF", pool.pif(0, "eth1")).get("VLAN_slave_of")).asList().isEmpty();
    }

    @Test
    void poolCreateVlan_everyHost_andRollbackOnError() {
        String net = pool.network("p");
        @SuppressWarnings("unchecked")
        List<String> pifs = (List<String>) pool.s("pool.create_VLAN", "eth1", net, 42L);
        assertThat(pifs).hasSize(3);
        String net2 = pool.network("p2");
        pool.vlan(2, 43L, pool.network("blocker"));
        XenApiFailure f = pool.fails("pool.create_VLAN", "eth1", net2, 43L);
        assertThat(f.description()).containsExactly("PIF_VLAN_EXISTS", "eth1");
        assertThat(pool.rec("network", net2).get("PIFs")).asList().isEmpty();
        assertThat(pool.where("VLAN", "field \"tag\"=\"43\"")).hasSize(1);
        assertThat(pool.fails("pool.create_VLAN", "eth7", net2, 44L).description())
                .containsExactly("INVALID_VALUE", "device", "eth7");
    }

    @Test
    void poolCreateVlanFromPif_followsThePifsNetwork() {
        String net = pool.network("q");
        @SuppressWarnings("unchecked")
        List<String> pifs = (List<String>) pool.s("pool.create_VLAN_from_PIF", pool.pif(0, "eth1"), net, 7L);
        assertThat(pifs).hasSize(3);
        assertThat(pool.where("PIF", "field \"VLAN\"=\"7\" and field \"network\"=\"" + net + "\"")).hasSize(3);
    }

    @Test
    void pifCreateVlan_returnsPif() {
        String net = pool.network("r");
        String pif = (String) pool.s("PIF.create_VLAN", "eth1", net, pool.hosts.get(2), 9L);
        assertThat(pool.rec("PIF", pif)).containsEntry("VLAN", 9L).containsEntry("host", pool.hosts.get(2));
    }

    @Test
    void pifUnplugPlug_vlanPif_andManagementRefused() {
        String vlan = pool.vlan(0, 5L, pool.network("n"));
        String pif = (String) pool.rec("VLAN", vlan).get("untagged_PIF");
        pool.s("PIF.unplug", pif);
        assertThat(pool.rec("PIF", pif)).containsEntry("currently_attached", false);
        pool.s("PIF.plug", pif);
        assertThat(pool.rec("PIF", pif)).containsEntry("currently_attached", true);
        String mgmt = pool.pif(0, "eth0");
        assertThat(pool.fails("PIF.unplug", mgmt).description()).containsExactly("PIF_IS_MANAGEMENT_INTERFACE", mgmt);
    }
}
