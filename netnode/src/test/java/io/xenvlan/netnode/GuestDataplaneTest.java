package io.xenvlan.netnode;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dataplane.GuestShell;
import io.xenvlan.store.JdbcGuestStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** What the guest-facing data-plane tests share: the node's bench, a run per test with its guest store, VMs booted behind the node. */
abstract class GuestDataplaneTest {
    static NodeBench bench;
    static DataPlane plane;
    NodeBench.Run run;
    JdbcGuestStore guests;

    @BeforeAll
    static void startDataPlane() {
        bench = NodeBench.start();
        plane = bench.plane;
    }

    @AfterAll
    static void stopDataPlane() {
        bench.close();
    }

    @BeforeEach
    void openStore() {
        run = bench.openRun();
        guests = JdbcGuestStore.on(run.store, Clock.systemUTC());
    }

    @AfterEach
    void stopNodes() {
        run.close();
    }

    Allocation allocate(Network net, String instance) {
        return run.manager.allocate(net.project().orElseThrow(), InstanceId.of(instance), Optional.empty());
    }

    /** A VM of {@code vif} on the bench's host bridge, leased and configured. */
    GuestShell boot(String suffix, Network net, Allocation vif) {
        String ns = plane.vm(suffix, bench.hostBridge, net.vlan().value(), vif.mac());
        return new GuestShell(plane, ns, plane.vmInterface(suffix)).configure(plane.dhcp(suffix), net.cidr().prefix());
    }

    /** Until the node confirms it serves every change made so far to {@code net}. */
    void awaitLive(Network net) {
        PublicationWait.polling(run.store).await(net.id(), run.store.changeSequence(), Duration.ofSeconds(20));
    }
}
