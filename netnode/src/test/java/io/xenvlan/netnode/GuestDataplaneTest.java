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
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the guest-facing data-plane tests share: the node's bench, a run per test with its guest store, VMs booted behind the node. */
abstract class GuestDataplaneTest {
    @RegisterExtension
    static final NodeBenchExtension BENCH = new NodeBenchExtension();
    final NodeBench bench = BENCH.bench();
    final DataPlane plane = BENCH.plane();
    final NodeBench.Run run = BENCH.run();
    final JdbcGuestStore guests = JdbcGuestStore.on(run.store, Clock.systemUTC());

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
