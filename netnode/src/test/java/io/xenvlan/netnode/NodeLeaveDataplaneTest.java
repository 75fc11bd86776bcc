package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.testing.Eventually;
import io.xenvlan.store.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code netnode.on-shutdown = leave} with two nodes on one PostgreSQL store, each in its own
 * namespace on the same trunk: node a stops leaving its network served. For longer than its lease
 * its leg and dnsmasq go on answering the VM, and node b does not take the network (a's lease is
 * held for the grace); a does not come back, so its legs fall silent (the dead-man switch timed to
 * the grace) before b takes the network after the grace; then the gateway answers through b.
 */
@Tag("dataplane")
@Tag("postgres")
class NodeLeaveDataplaneTest {
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration GRACE = Duration.ofSeconds(12);

    @Test
    void nodeLeftServing_answersBeyondItsLease_nobodyTakesItsNetwork_thenItFallsSilentBeforeTheOtherTakesIt() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); TwoNodeFailover pair = TwoNodeFailover.start(db.config(), LEASE)) {
            TwoNodeFailover.Node a = pair.a();
            TwoNodeFailover.Node b = pair.b();
            assertThat(pair.serving()).contains(a);
            assertThat(pair.gatewayAnswers()).isTrue();
            try {
                long t0 = System.nanoTime();
                a.role().leaveServing(GRACE); // what the server does at its stop with netnode.on-shutdown = leave

                Thread.sleep(Math.max(0, LEASE.plusSeconds(2).toMillis() - (System.nanoTime() - t0) / 1_000_000));
                assertThat(pair.gatewayAnswers()).as("a's leg answers after the lease's length").isTrue();
                assertThat(pair.renewsItsAddress()).as("a's dnsmasq answers after the lease's length").isTrue();
                assertThat(b.serves()).as("b does not take a network whose lease is held").isFalse();
                double silent = -1; // seconds from the stop to the first ping (1 s wait) left unanswered
                while (silent < 0 && System.nanoTime() - t0 < GRACE.multipliedBy(2).toNanos()) {
                    long sent = System.nanoTime();
                    if (!pair.gatewayAnswers()) {
                        silent = (sent - t0) / 1e9;
                    }
                }
                assertThat(b.serves()).as("a fell silent before b took the network").isFalse();
                Eventually.await("b takes the network after a's grace", GRACE, b::serves);
                double taken = (System.nanoTime() - t0) / 1e9;
                Eventually.await("the gateway answers through b", Duration.ofSeconds(15), pair::gatewayAnswers);
                System.out.printf("node a left serving (lease %d s, grace %d s): silent %.1f s after its stop, b served after %.1f s%n",
                        LEASE.toSeconds(), GRACE.toSeconds(), silent, taken);
                assertThat(silent).as("a's legs answered beyond its lease, fell silent before its grace ended")
                        .isGreaterThan(LEASE.toSeconds() + 2.0).isLessThan(GRACE.toSeconds());
                assertThat(taken).as("b took the network only after the grace").isGreaterThanOrEqualTo(GRACE.toSeconds() * 0.95);
            } finally {
                pair.kill(a); // what a left running goes with its namespace
            }
        }
    }
}
