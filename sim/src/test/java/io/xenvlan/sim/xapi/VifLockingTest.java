package io.xenvlan.sim.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.VifLocking;
import io.xenvlan.sim.VifPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VIF locking as xapi_vif.ml and xapi_network.ml have it, and what the host's data plane is told. */
class VifLockingTest {
    private final List<String> seen = new ArrayList<>();
    private final TestPool pool = new TestPool(1, new DataPlane() {
        @Override
        public void vifPlugged(VifPort v) {
            if (!v.device().equals("0")) { // the VM's own VIF on xenbr0
                seen.add("plug " + v.locking());
            }
        }

        @Override
        public void vifLockingChanged(VifPort v) {
            seen.add("refilter " + v.locking());
        }
    }, 0);
    private final String network = pool.network("locked-net");
    private final String vm = pool.xapi.addVm("guest");

    private String vif(String device, Map<String, Object> extra) {
        Map<String, Object> r = new HashMap<>(Map.of("device", device, "network", network, "VM", vm, "MAC", "02:00:00:00:00:0" + device,
                "MTU", "1500", "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
        r.putAll(extra);
        return (String) pool.s("VIF.create", r);
    }

    @Test
    void create_defaultsToNetworkDefault_takesLockingFromTheRecord() {
        String plain = vif("1", Map.of());
        String locked = vif("2", Map.of("locking_mode", "locked", "ipv4_allowed", List.of("10.0.0.5")));

        assertThat(pool.rec("VIF", plain)).containsEntry("locking_mode", "network_default").containsEntry("ipv4_allowed", List.of());
        assertThat(pool.rec("VIF", locked)).containsEntry("locking_mode", "locked").containsEntry("ipv4_allowed", List.of("10.0.0.5"));
        assertThat(pool.rec("network", network)).containsEntry("default_locking_mode", "unlocked");
        assertThat(pool.fails("VIF.create", Map.of("device", "3", "network", network, "VM", vm, "MAC", "", "MTU", "1500",
                "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of(), "locking_mode", "sealed"))
                .description()).containsExactly("FIELD_TYPE_ERROR", "locking_mode");
    }

    @Test
    void setLockingMode_andTheAllowedLists_checkTheirValues() {
        String vif = vif("1", Map.of());

        pool.s("VIF.set_locking_mode", vif, "locked");
        pool.s("VIF.set_ipv4_allowed", vif, List.of("10.0.0.5", "10.0.0.5", "10.0.1.0/24"));
        pool.s("VIF.add_ipv4_allowed", vif, "10.0.0.6");
        pool.s("VIF.add_ipv4_allowed", vif, "10.0.0.6");
        pool.s("VIF.remove_ipv4_allowed", vif, "10.0.0.5");
        pool.s("VIF.remove_ipv4_allowed", vif, "10.9.9.9");
        pool.s("VIF.add_ipv6_allowed", vif, "fd00::5");

        assertThat(pool.rec("VIF", vif)).containsEntry("locking_mode", "locked")
                .containsEntry("ipv4_allowed", List.of("10.0.0.6", "10.0.1.0/24")).containsEntry("ipv6_allowed", List.of("fd00::5"));
        assertThat(pool.fails("VIF.set_locking_mode", vif, "sealed").description()).containsExactly("FIELD_TYPE_ERROR", "value");
        for (String bad : List.of("10.0.0.256", "10.0.0", "10.0.0.5/33", "host.example", "fd00::1", "")) {
            assertThat(pool.fails("VIF.add_ipv4_allowed", vif, bad).description()).as(bad)
                    .containsExactly("INVALID_IP_ADDRESS_SPECIFIED", "ipv4_allowed");
        }
        assertThat(pool.fails("VIF.set_ipv4_allowed", vif, List.of("10.0.0.7", "nope")).description())
                .containsExactly("INVALID_IP_ADDRESS_SPECIFIED", "ipv4_allowed");
        assertThat(pool.fails("VIF.add_ipv6_allowed", vif, "10.0.0.1").description())
                .containsExactly("INVALID_IP_ADDRESS_SPECIFIED", "ipv6_allowed");
        assertThat(pool.rec("VIF", vif).get("ipv4_allowed")).as("a refused list changes nothing")
                .isEqualTo(List.of("10.0.0.6", "10.0.1.0/24"));
    }

    @Test
    void lockingFields_haveNoGeneratedSetters_butTheirMessagesHaveAsyncForms() {
        String vif = vif("1", Map.of());

        assertThat(pool.fails("VIF.set_ipv4_allowed", vif).description())
                .containsExactly("MESSAGE_PARAMETER_COUNT_MISMATCH", "VIF.set_ipv4_allowed", "2", "1");
        assertThat(pool.fails("network.add_default_locking_mode", network, "x").code()).isEqualTo("MESSAGE_METHOD_UNKNOWN");
        assertThat((String) pool.s("Async.VIF.set_locking_mode", vif, "disabled")).startsWith("OpaqueRef:");
    }

    @Test
    void setDefaultLockingMode_refusedWhileAVifOnTheNetworkIsAttached() {
        String vif = vif("1", Map.of());
        pool.s("network.set_default_locking_mode", network, "disabled");
        assertThat(pool.rec("network", network)).containsEntry("default_locking_mode", "disabled");
        assertThat(pool.fails("network.set_default_locking_mode", network, "locked").description())
                .as("the network's enum has unlocked and disabled only").containsExactly("FIELD_TYPE_ERROR", "value");

        pool.xapi.startVm(vm, pool.hosts.get(0)); // plugs the VIF

        assertThat(pool.fails("network.set_default_locking_mode", network, "unlocked").description())
                .containsExactly("VIF_IN_USE", network, vif);
        assertThat(seen).containsExactly("plug " + new VifLocking("disabled", List.of(), List.of()));
    }

    @Test
    void changesToAPluggedVif_redoTheHostsRulesWithTheEffectiveMode() {
        String vif = vif("1", Map.of());
        pool.s("VIF.set_ipv4_allowed", vif, List.of("10.0.0.5"));
        pool.xapi.startVm(vm, pool.hosts.get(0)); // plugs the VIF

        pool.s("VIF.set_locking_mode", vif, "locked");
        pool.s("VIF.add_ipv4_allowed", vif, "10.0.0.6");
        pool.s("VIF.set_locking_mode", vif, "network_default");

        assertThat(seen).containsExactly(
                "plug " + new VifLocking("unlocked", List.of("10.0.0.5"), List.of()),
                "refilter " + new VifLocking("locked", List.of("10.0.0.5"), List.of()),
                "refilter " + new VifLocking("locked", List.of("10.0.0.6", "10.0.0.5"), List.of()),
                "refilter " + new VifLocking("unlocked", List.of("10.0.0.6", "10.0.0.5"), List.of()));
    }
}
