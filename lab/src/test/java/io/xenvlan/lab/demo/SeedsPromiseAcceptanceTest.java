package io.xenvlan.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.testing.Eventually;
import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.PacketCapture;
import io.xenvlan.sim.ovs.RunTag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seeds' promise with real packets, through the product's code paths (VLAN manager, compute
 * side over XenAPI to the Open vSwitch-backed simulator, network node with one dnsmasq per VLAN):
 * one pool of 3 hosts, 3 projects with 2 VMs each on different hosts. Every VM obtains exactly
 * its IPAM address from its VLAN's dnsmasq, reaches its gateway and its project's other VM, and
 * no VM of another project; the trunk carries 802.1Q frames with each project's tag; a detached
 * VM's lease is released; nothing is left behind.
 */
@Tag("dataplane")
class SeedsPromiseAcceptanceTest {
    private static final List<String> PROJECTS = List.of("alpha", "beta", "gamma");

    @Test
    void vmsGetTheirAddressesOverTheTaggedTrunk_reachTheirProject_andNothingElse() {
        RunTag tag = RunTag.random(new SecureRandom());
        Path stateDir;
        try (Lab lab = Lab.start(new LabConfig(3, PROJECTS, 2, true, tag), Progress.silent())) {
            stateDir = lab.stateDir();
            OvsDataPlane plane = lab.dataPlane().orElseThrow();
            lab.createNetworks(PROJECTS.size());
            Map<String, PacketCapture> trunks = new HashMap<>();
            lab.pool().hosts().forEach(h -> trunks.put(h.uuid(),
                    PacketCapture.start(plane.trunk().namespace(), plane.trunkPort(h.uuid()).orElseThrow(), 40)));

            List<AttachedVm> vms = new ArrayList<>();
            lab.vms().forEach(vm -> vms.add(lab.attach(vm)));
            assertThat(vms.stream().map(v -> v.network().vlan().value()).distinct()).hasSize(3);
            assertThat(vms).allSatisfy(vm -> assertThat(vms).filteredOn(o -> o.vm().project().equals(vm.vm().project()))
                    .extracting(o -> o.vm().hostName()).doesNotHaveDuplicates());

            List<VmCheck> checks = DataplaneChecks.run(vms, plane, Progress.silent());

            assertThat(checks).hasSize(6).allSatisfy(c -> {
                String vm = c.vm().vm().name();
                assertThat(c.dhcpPass()).as(vm + " got exactly " + c.vm().address() + " from "
                        + c.vm().network().dhcpServer() + ", got " + c.lease()).isTrue();
                assertThat(c.gateway()).as(vm + " reaches its gateway").isTrue();
                assertThat(c.peerPass()).as(vm + " reaches its project's VM on another host").isTrue();
                assertThat(c.reached()).as(vm + " reaches no VM of another project").isEmpty();
                assertThat(c.metadata()).as(vm + " reads its own instance id, host name and key from 169.254.169.254")
                        .hasValueSatisfying(m -> {
                            assertThat(m.uuid()).isEqualTo(c.vm().vm().uuid());
                            assertThat(m.hostname()).isEqualTo(c.vm().vm().name());
                            assertThat(m.keys()).containsExactly(Lab.DEMO_KEY);
                        });
                assertThat(c.peerByName()).as(vm + " resolves its peer " + c.peer().map(AttachedVm::fqdn) + " by name")
                        .containsExactly(c.peer().orElseThrow().address());
                assertThat(c.spoof()).as(vm + " on an address not its own reaches nothing, and works again on its own")
                        .hasValueSatisfying(s -> {
                            assertThat(s.address()).isNotEqualTo(c.vm().address());
                            assertThat(s.reached()).isEmpty();
                            assertThat(s.backOnItsOwn()).isTrue();
                        });
                assertThat(c.pass()).isTrue();
            });
            assertThat(DataplaneChecks.table(checks).render()).contains("SPOOF").doesNotContain("FAIL");
            Map<String, List<String>> captured = new HashMap<>();
            trunks.forEach((host, capture) -> captured.put(host, capture.stop()));
            for (AttachedVm vm : vms) {
                List<String> frames = captured.get(vm.vm().hostUuid());
                assertThat(frames).as("802.1Q frames of " + vm.vm().name() + " on its host's trunk")
                        .anySatisfy(l -> assertThat(l).contains(" " + vm.mac() + " > ")
                                .contains("ethertype 802.1Q", "vlan " + vm.network().vlan().value() + ","));
                assertThat(frames).as("no untagged frame from " + vm.vm().name() + " on the trunk")
                        .noneSatisfy(l -> assertThat(l).contains(" " + vm.mac() + " > ").doesNotContain("802.1Q"));
            }

            AttachedVm leaving = vms.get(0);
            Path leases = lab.dnsmasqDir(leaving.network()).resolve("leases");
            assertThat(read(leases)).contains(leaving.mac());
            lab.detach(leaving);
            String released = "del " + leaving.mac() + " " + leaving.address();
            // the node releases the lease right after it confirmed the new hosts file; dnsmasq runs its
            // lease script a moment after it dropped the lease
            Eventually.await("the lease dropped and its del event recorded", Duration.ofSeconds(10),
                    () -> !read(leases).contains(leaving.mac()) && lab.leaseEvents().contains(released));
            assertThat(plane.guest(leaving.vm().uuid()).ping(leaving.network().gateway().toString(), 1)).isFalse();
        }
        assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).doesNotContain(tag.value());
        assertThat(Exec.check(List.of("ps", "-eo", "args")).stdout()).doesNotContain(stateDir.toString());
        assertThat(stateDir).doesNotExist();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
