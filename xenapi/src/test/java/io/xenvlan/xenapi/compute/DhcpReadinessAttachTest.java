package io.xenvlan.xenapi.compute;

import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.DhcpReadiness;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a {@link DhcpReadiness}, {@code vif attach} creates the VIF only once the network node has
 * confirmed the VM's DHCP entry (here a thread plays the node: it confirms through the store as the
 * node does), and without a confirmation in time nothing is left: no VIF, the address released.
 */
class DhcpReadinessAttachTest {
    @TempDir
    Path dir;
    private ComputeRig rig;
    private JdbcStore store;

    @BeforeEach
    void start() {
        rig = ComputeRig.start(SimulatorConfig.builder().hosts(3).vms(3), TestDatabase.h2(), dir);
        store = rig.main.store();
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private VifAttachments waitingUpTo(Duration timeout) {
        return new VifAttachments(rig.main.manager(), rig.main.driver(), rig.main.pools(),
                DhcpReadiness.confirmedBy(store, PublicationWait.polling(store), timeout));
    }

    /** The project's allocated addresses; none while it has no network yet. */
    private List<FixedIp> allocatedOf(String project) {
        try {
            return rig.main.manager().addresses(Optional.empty(), Optional.of(project), true).stream()
                    .filter(FixedIp::allocated).toList();
        } catch (NotFoundException noNetworkYet) {
            return List.of();
        }
    }

    @Test
    void attach_createsTheVifOnlyAfterTheNodeConfirms() throws Exception {
        String vm = rig.runningVms().get(0);
        AtomicInteger vifsSeenBeforeConfirming = new AtomicInteger(-1);
        CompletableFuture<Void> node = CompletableFuture.runAsync(() -> {
            try {
                while (allocatedOf("alpha").isEmpty()) {
                    Thread.sleep(10);
                }
                Thread.sleep(300); // the node's coalescing window
                vifsSeenBeforeConfirming.set(rig.where("VIF", "MAC", allocatedOf("alpha").get(0).mac().orElseThrow().toString()).size());
                long network = rig.main.manager().networkOf("alpha").id();
                store.markPublished(network, store.changeSequence());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        AttachedVif attached = waitingUpTo(Duration.ofSeconds(20)).attach("alpha", LAB, vm, OptionalLong.empty());

        node.get(20, TimeUnit.SECONDS);
        assertThat(vifsSeenBeforeConfirming.get()).as("VIFs with the VM's MAC before the node confirmed").isZero();
        assertThat(rig.where("VIF", "MAC", attached.vif().mac().toString())).hasSize(1);
        assertThat(rig.sim.record(attached.vif().vifRef()).get("currently_attached")).isEqualTo(true);
    }

    @Test
    void attach_withoutConfirmationInTime_failsAndLeavesNoVifAndNoAllocation() {
        String vm = rig.runningVms().get(0);
        int vifs = rig.sim.records("VIF").size();

        assertThatThrownBy(() -> waitingUpTo(Duration.ofMillis(300)).attach("alpha", LAB, vm, OptionalLong.empty()))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("PUBLISH_TIMEOUT");
                    assertThat(e.getMessage()).contains("is a network node running?");
                });

        assertThat(rig.sim.records("VIF")).hasSize(vifs);
        assertThat(allocatedOf("alpha")).isEmpty();
        assertThat(rig.main.pools().vifsOfVm(LAB, vm)).isEmpty();
    }
}
