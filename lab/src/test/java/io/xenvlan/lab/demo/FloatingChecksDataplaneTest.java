package io.xenvlan.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.RunTag;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code xenvlan demo --dataplane}'s floating IP table, through the lab it builds: one VM of each of
 * two projects gets a floating IP, and every column passes from the outside namespace (ping, TCP by
 * rule, outbound seen as the floating IP, a port no rule opens refused, gone after disassociation).
 */
@Tag("dataplane")
class FloatingChecksDataplaneTest {

    @Test
    void eachProjectsVm_reachableByItsFloatingIpAsTheRulesSay_andGoneAfterDisassociate() {
        RunTag tag = RunTag.random(new SecureRandom());
        try (Lab lab = Lab.start(new LabConfig(2, List.of("alpha", "beta"), 1, true, tag), Progress.silent())) {
            lab.createNetworks(2);
            List<AttachedVm> vms = new ArrayList<>();
            lab.vms().forEach(vm -> vms.add(lab.attach(vm)));
            assertThat(DataplaneChecks.run(vms, lab.dataPlane().orElseThrow(), Progress.silent())).allSatisfy(c ->
                    assertThat(c.dhcpPass()).as(c.vm().vm().name() + " has its address").isTrue());

            List<FloatingCheck> checks = FloatingChecks.run(lab, vms, Progress.silent());

            String table = FloatingChecks.table(checks).render();
            assertThat(checks).as(table).hasSize(2).allSatisfy(c -> {
                assertThat(c.ping()).as(table).isTrue();
                assertThat(c.replyPass()).as(table).isTrue();
                assertThat(c.outboundPass()).as(table).isTrue();
                assertThat(c.refused()).as(table).isTrue();
                assertThat(c.goneAfter()).as(table).isTrue();
            });
            assertThat(FloatingChecks.allPass(checks)).isTrue();
            assertThat(table).doesNotContain("FAIL");
        }
        assertThat(Exec.check(List.of("ip", "netns", "list")).stdout()).doesNotContain(tag.value());
    }
}
