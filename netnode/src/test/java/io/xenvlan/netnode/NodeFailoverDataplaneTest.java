package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two network nodes, each in its own namespace on the same trunk, on one PostgreSQL store (each
 * with its own connection pool, as two machines): a VM holds its address from node a; node a's
 * machine dies (its lease is no longer renewed, every process in its namespace gets SIGKILL, the
 * namespace and its legs go); node b takes the network once a's lease expired and serves it within
 * 15 s: the VM's ARP cache points at b's leg without asking (the leg's gratuitous ARP), its gateway
 * answers, its DHCP request gets the same address, the metadata service answers it again (b's DNAT on
 * the new leg), its floating IP answers the outside host again (b's NAT, address and gratuitous
 * ARP on the shared public segment), and b's dnsmasq started with the VM's lease read
 * from the store. Node a started again takes nothing back.
 */
@Tag("dataplane")
@Tag("postgres")
class NodeFailoverDataplaneTest {
    private static final Duration LEASE = Duration.ofSeconds(4);

    @Test
    void killedNode_theOtherServesWithin15s_vmKeepsItsAddress_andTheFirstTakesNothingBack() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); TwoNodeFailover pair = TwoNodeFailover.start(db.config(), LEASE)) {
            TwoNodeFailover.Node a = pair.a();
            TwoNodeFailover.Node b = pair.b();
            Network net = pair.network();
            Allocation vm = pair.vm();
            assertThat(pair.serving()).as("node a took the network first").contains(a);
            assertThat(b.role().node().served()).as("a live node's network stays its own").isEmpty();
            assertThat(pair.gatewayAnswers()).isTrue();
            assertThat(pair.gatewayNeighbour()).isEqualTo(a.legMac());
            assertThat(pair.metadataInstanceId()).as("metadata from node a").contains(vm.instance().value());
            Eventually.await("the floating IP answers from outside through node a", Duration.ofSeconds(15), pair::floatingAnswers);
            Eventually.await("the VM's lease recorded in the store", Duration.ofSeconds(30),
                    () -> pair.store().activeLeases(net.id()).stream().map(ActiveLease::address).anyMatch(vm.address()::equals));

            long t0 = pair.kill(a);

            Eventually.await("node b serves the network", Duration.ofSeconds(15), b::serves);
            double takeover = (System.nanoTime() - t0) / 1e9;
            Eventually.await("the VM's ARP cache points at b's leg (gratuitous ARP)", Duration.ofSeconds(3),
                    () -> pair.gatewayNeighbour().equals(b.legMac()));
            Eventually.await("the gateway answers", Duration.ofSeconds(15), pair::gatewayAnswers);
            assertThat(pair.plane().dhcp("v1").ip()).as("the VM's DHCP request gets the same address").isEqualTo(vm.address());
            double served = (System.nanoTime() - t0) / 1e9;
            assertThat(pair.metadataInstanceId()).as("metadata from node b: its DNAT and listener came with the network")
                    .contains(vm.instance().value());
            Eventually.await("the floating IP answers from outside through node b (its NAT, address and gratuitous ARP)",
                    Duration.ofSeconds(15), pair::floatingAnswers);
            double floating = (System.nanoTime() - t0) / 1e9;
            System.out.printf("node failover: b took the network %.1f s after a died; gateway and DHCP answered after %.1f s,"
                    + " the floating IP after %.1f s%n", takeover, served, floating);
            assertThat(served).isLessThanOrEqualTo(15.0);
            assertThat(floating).isLessThanOrEqualTo(15.0);
            assertThat(takeover).as("not before a's lease could expire").isGreaterThanOrEqualTo(LEASE.toSeconds() * 0.75);
            assertThat(Files.readString(b.leaseFile())).as("b's dnsmasq lease file seeded from the store")
                    .contains(vm.address().toString());

            pair.revive(a);
            Thread.sleep(LEASE.toMillis());
            // nothing taken by force; and nothing handed over either: b holds 1 network, its fair share (1) plus one is 2
            // (a node above its share plus one hands the excess over gracefully: NodeSpreadTest, NodeFailoverTest)
            assertThat(a.role().node().served()).as("the node that came back takes nothing back by force").isEmpty();
            assertThat(b.serves()).isTrue();
        }
    }
}
