package io.xenvlan.xenapi.compute;

import io.xenvlan.core.value.InstanceId;
import static io.xenvlan.xenapi.compute.ComputeRig.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.DhcpReadiness;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.time.Sleeper;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a {@link DhcpReadiness}, {@code vif attach} creates the VIF only once the network node has
 * confirmed the VM's DHCP entry (here the test thread plays the node: it confirms through the store as
 * the node does, once the attach waits), and without a confirmation in time nothing is left: no VIF,
 * the address released (timed on a fake clock).
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

    /** Attachments that wait for the node through {@code wait}, up to {@code timeout}. */
    private VifAttachments waitingThrough(PublicationWait wait, Duration timeout) {
        return new VifAttachments(rig.main.manager(), rig.main.driver(), rig.main.pools(),
                DhcpReadiness.confirmedBy(store, wait, timeout));
    }

    /** The project's allocated addresses; none while it has no network yet. */
    private List<FixedIp> allocatedOf(String project) {
        try {
            return rig.main.manager().addresses(Optional.empty(), Optional.of(project).map(ProjectId::of), true).stream()
                    .filter(FixedIp::allocated).toList();
        } catch (NotFoundException noNetworkYet) {
            return List.of();
        }
    }

    @Test
    void attach_createsTheVifOnlyAfterTheNodeConfirms() throws Exception {
        String vm = rig.runningVms().get(0);
        CountDownLatch waitingForTheNode = new CountDownLatch(1);
        Sleeper signalling = d -> {
            waitingForTheNode.countDown();
            Sleeper.SYSTEM.sleep(d);
        };
        VifAttachments attachments = waitingThrough(new PublicationWait(store, Clock.systemUTC(), signalling,
                Duration.ofMillis(20)), Duration.ofSeconds(20));

        CompletableFuture<AttachedVif> attach = CompletableFuture.supplyAsync(
                () -> attachments.attach(ProjectId.of("alpha"), LAB, InstanceId.of(vm), OptionalLong.empty()));

        // this thread plays the node: the attach is waiting for it, and has created no VIF yet
        assertThat(waitingForTheNode.await(20, TimeUnit.SECONDS)).as("the attach waits for the node").isTrue();
        String mac = allocatedOf("alpha").get(0).mac().orElseThrow().toString();
        assertThat(rig.where("VIF", "MAC", mac)).as("VIFs with the VM's MAC before the node confirmed").isEmpty();
        store.markPublished(rig.main.manager().networkOf(ProjectId.of("alpha")).id(), store.changeSequence());

        AttachedVif attached = attach.get(20, TimeUnit.SECONDS);
        assertThat(attached.vif().mac().toString()).isEqualTo(mac);
        assertThat(rig.where("VIF", "MAC", mac)).hasSize(1);
        assertThat(rig.sim.record(attached.vif().vifRef()).get("currently_attached")).isEqualTo(true);
    }

    @Test
    void attach_withoutConfirmationInTime_failsAndLeavesNoVifAndNoAllocation() {
        String vm = rig.runningVms().get(0);
        int vifs = rig.sim.records("VIF").size();

        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        VifAttachments attachments = waitingThrough(new PublicationWait(store, clock, clock::advance, Duration.ofMillis(20)),
                Duration.ofMillis(300));

        assertThatThrownBy(() -> attachments.attach(ProjectId.of("alpha"), LAB, InstanceId.of(vm), OptionalLong.empty()))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("PUBLISH_TIMEOUT");
                    assertThat(e.getMessage()).contains("is a network node running?");
                });

        assertThat(rig.sim.records("VIF")).hasSize(vifs);
        assertThat(allocatedOf("alpha")).isEmpty();
        assertThat(rig.main.pools().vifsOfVm(LAB, InstanceId.of(vm))).isEmpty();
    }
}
