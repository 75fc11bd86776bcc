package io.xenvlan.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.sim.ovs.GuestConsole;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.RunTag;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole guest view end to end: xenvlan's attach on the simulated pool, which creates each VIF
 * locked to its MAC and address through XenAPI, the
 * hosts' Open vSwitch enforcing it and the network node's metadata service: a VM that borrows the
 * address of a peer that is off reads nothing, not the peer's metadata nor anything else, a VM on
 * a free address reaches nothing, and it reads its own metadata again once back on its address.
 */
@Tag("dataplane")
class LockedGuestsDataplaneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String META = "http://169.254.169.254/openstack/latest/meta_data.json";

    @Test
    void aLockedVmBorrowingItsPeersAddress_readsNoMetadata() throws Exception {
        try (Lab lab = Lab.start(new LabConfig(2, List.of("alpha"), 2, true, RunTag.random(new SecureRandom())), Progress.silent())) {
            OvsDataPlane plane = lab.dataPlane().orElseThrow();
            lab.createNetworks(1);
            List<AttachedVm> vms = new ArrayList<>();
            lab.vms().forEach(vm -> vms.add(lab.attach(vm)));
            for (AttachedVm vm : vms) { // the attach locked each VIF to its address (recovery's VifPlacer), nothing else did
                Map<String, Object> vif = lab.pool().record(vifRef(lab, vm));
                assertThat(vif.get("locking_mode")).isEqualTo("locked");
                assertThat(vif.get("ipv4_allowed")).isEqualTo(List.of(vm.address()));
            }
            AttachedVm a = vms.get(0);
            AttachedVm b = vms.get(1);
            GuestConsole guestA = plane.guest(a.vm().uuid());
            assertThat(guestA.dhcp(Integer.parseInt(a.device()), 10)).isPresent();
            assertThat(plane.guest(b.vm().uuid()).dhcp(Integer.parseInt(b.device()), 10)).isPresent();
            assertThat(uuid(guestA.httpGet(META))).contains(a.vm().uuid());

            lab.pool().stopVm(vmRef(lab, b)); // b is off: its address answers no ARP, its metadata is still there
            readdress(guestA, a, b.address());
            assertThat(guestA.httpGet(META)).as("a's frames from b's address are dropped on a's host").isEmpty();
            assertThat(guestA.ping(a.network().gateway().toString(), 2)).isFalse();
            readdress(guestA, a, a.network().broadcast().plus(-1).toString());
            assertThat(guestA.ping(a.network().gateway().toString(), 2)).as("a free address").isFalse();

            readdress(guestA, a, a.address());
            assertThat(uuid(guestA.httpGet(META))).contains(a.vm().uuid());
        }
    }

    private static String vifRef(Lab lab, AttachedVm vm) {
        for (Map.Entry<String, Map<String, Object>> e : lab.pool().records("VIF").entrySet()) {
            if (vm.mac().equalsIgnoreCase((String) e.getValue().get("MAC"))) {
                return e.getKey();
            }
        }
        throw new AssertionError("no VIF with MAC " + vm.mac());
    }

    private static String vmRef(Lab lab, AttachedVm vm) {
        return lab.pool().guests().entrySet().stream().filter(e -> vm.vm().uuid().equals(e.getValue().get("uuid")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static void readdress(GuestConsole guest, AttachedVm vm, String address) {
        guest.useAddress(Integer.parseInt(vm.device()), address, vm.network().cidr().prefix(), vm.network().gateway().toString());
    }

    private static Optional<String> uuid(Optional<String> metaData) throws Exception {
        if (metaData.isEmpty()) {
            return Optional.empty();
        }
        JsonNode md = JSON.readTree(metaData.get());
        return Optional.of(md.path("uuid").asText());
    }
}
