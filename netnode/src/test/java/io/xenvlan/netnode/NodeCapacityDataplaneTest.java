package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node asked for more networks than it may serve, on the real data plane: it serves what it has
 * room for, refuses the rest with a message a waiting attach gets at once (never a stall, never a
 * retry loop), leaves the refused networks unclaimed for another node, and takes one as soon as it
 * has room again.
 */
@Tag("dataplane")
class NodeCapacityDataplaneTest {
    @RegisterExtension
    static final NodeBenchExtension BENCH = new NodeBenchExtension();
    private final NodeBench.Run run = BENCH.run();

    private void awaitLive(Network net, Duration timeout) {
        PublicationWait.polling(run.store).await(net.id(), run.store.changeSequence(), timeout);
    }

    /** What the network's dnsmasq reads: its hosts file and the files of added entries. */
    private static String served(NetworkNodeRole node, Network net) throws IOException {
        Path dir = node.node().fleet().directory(net.id());
        StringBuilder all = new StringBuilder(Files.readString(dir.resolve("hosts")));
        try (Stream<Path> added = Files.list(dir.resolve("hosts.d"))) {
            for (Path f : added.toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }

    @Test
    void beyondItsMost_networksAreRefusedWithAMessage_andServedOnceThereIsRoom() throws IOException {
        Network first = run.network(141, "10.81.1.0/24", 256);
        Network second = run.network(142, "10.81.2.0/24", 256);
        Network third = run.network(143, "10.81.3.0/24", 256);
        NetworkNodeRole node = run.startNode(run.nodeConfig().maxNetworks(2));

        awaitLive(first, Duration.ofSeconds(20));
        awaitLive(second, Duration.ofSeconds(20));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> awaitLive(third, Duration.ofSeconds(20))).isInstanceOfSatisfying(BackendFailureException.class, e -> {
            assertThat(e.errorCode()).isEqualTo("NETWORK_REFUSED");
            assertThat(e).hasMessage("network " + third.id() + " is not served: network node node-a is full, it serves at most 2"
                    + " networks (netnode.max-networks = 2)");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2)); // told at once, not at the timeout
        assertThat(node.node().served()).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(node.refused()).containsOnlyKeys(third.id());
        assertThat(run.store.network(third.id()).orElseThrow().host()).isEmpty(); // left for a node with room

        Allocation vm = run.manager.allocate(ProjectId.of("project-141"), InstanceId.of("vm-after"), Optional.empty()); // the node goes on publishing
        awaitLive(first, Duration.ofSeconds(20));
        assertThat(served(node, first)).contains(vm.mac().toString());
        assertThat(node.node().served()).hasSize(2);

        run.manager.release(vm.address().toString());
        run.manager.disassociate(ProjectId.of("project-141")); // room for one more
        Eventually.await("the third network served", Duration.ofSeconds(30), () -> node.node().served().contains(third.id()));
        awaitLive(third, Duration.ofSeconds(20));
        assertThat(node.refused()).isEmpty();
        assertThat(run.store.publicationState(third.id()).refusal()).isEmpty();
        assertThat(node.node().served()).containsExactlyInAnyOrder(second.id(), third.id());
    }
}
