package io.xenvlan.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.xenvlan.sim.ovs.RunTag;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lab runs the product's wiring (ComputeSide, the metered manager), so what the server measures, the demo measures too. */
@Timeout(120)
class LabWiringTest {
    @Test
    void anAttach_isMeteredAsOnTheServer_andClosingRemovesEverything() {
        Lab started;
        try (Lab lab = Lab.start(new LabConfig(2, List.of("alpha"), 1, false, RunTag.random(new SecureRandom())), Progress.silent())) {
            started = lab;
            lab.createNetworks(1);
            AttachedVm vm = lab.attach(lab.vms().get(0));
            assertThat(vm.address()).startsWith("10.20.");

            MeterRegistry registry = lab.metrics().registry();
            assertThat(registry.find("xenvlan.xenapi.calls").tag("method", "VIF.create").counter())
                    .as("every XenAPI request counted by method").isNotNull()
                    .satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
            assertThat(registry.find("xenvlan.compute.operations").tag("operation", "attachVif").counter())
                    .as("the metered driver").isNotNull();
            assertThat(registry.find("xenvlan.allocations").counter()).as("the metered VLAN manager").isNotNull()
                    .satisfies(c -> assertThat(c.count()).isEqualTo(1.0));
        }
        assertThat(Files.exists(started.stateDir())).isFalse();
    }
}
