package io.xenvlan.netnode;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.testing.Eventually;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import io.xenvlan.netnode.firewall.LegDeadMan;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease's dead-man refreshes keep the bound the fencing rests on: every element the kernel is
 * given ends before {@code sent + T - R / 2} (T the lease, R the renewal interval), so before any
 * other node may take the networks, even when a refresh is slow to apply.
 */
class NodeLeaseTest {
    private static final Duration LEASE = Duration.ofMillis(800); // R = 200 ms, fence F = 600 ms, slow refresh > 100 ms
    private static final Pattern TIMEOUT = Pattern.compile("alive \\{ ether timeout (\\d+)ms }");

    private final TestDatabase database = TestDatabase.h2();
    private final JdbcStore store = database.open();
    private final NftRecorder nft = new NftRecorder();
    private final AtomicInteger renewals = new AtomicInteger();
    private final AtomicInteger fences = new AtomicInteger();
    private NodeLease lease;

    @AfterEach
    void close() {
        if (lease != null) {
            lease.close();
        }
        store.close();
        database.close();
    }

    private NodeLease start() {
        lease = new NodeLease(store, "n1", LEASE, 0, r -> renewals.incrementAndGet(), fences::incrementAndGet,
                LegDeadMan.over(nft, Optional.empty(), "xg"));
        lease.start();
        return lease;
    }

    @Test
    void everyRefreshEndsBeforeTheFence_andTheBoundIsHalfARenewalBeforeExpiry() {
        NodeLease l = start();
        assertThat(l.fenceAfter().plus(l.refreshSlow())).isLessThan(LEASE); // F + R/2 < T: the inequality itself
        Eventually.await("several renewals refreshed the switch", Duration.ofSeconds(10), () -> nft.timeouts().size() >= 5);
        assertThat(nft.timeouts()).allSatisfy(ms -> assertThat(ms).isPositive().isLessThanOrEqualTo(l.fenceAfter().toMillis()));
        assertThat(nft.silences()).isZero();
        assertThat(l.fenced()).isFalse();
    }

    @Test
    void aRefreshSlowerThanHalfARenewal_isUndoneAtOnce() {
        nft.delayMillis = 150; // > R / 2 = 100 ms: the element it set could outlive sent + F + R / 2
        start();
        Eventually.await("a slow refresh followed by a silence", Duration.ofSeconds(10), () -> nft.silences() >= 2);
        List<String> scripts = nft.scripts();
        for (int i = 0; i < scripts.size() - 1; i++) {
            if (TIMEOUT.matcher(scripts.get(i)).find()) {
                assertThat(scripts.get(i + 1)).as("what follows a slow refresh").doesNotContain("add element").contains("flush set");
            }
        }
    }

    @Test
    void aDeadManSwitchSlowerThanTheFence_neverHoldsUpTheRenewals() throws Exception {
        nft.delayMillis = 700; // longer than the fence time (600 ms): refreshing on the renewal's thread would fence the node
        start();
        int before = renewals.get();
        Thread.sleep(2500);
        assertThat(renewals.get() - before).as("renewals in 2.5 s, every 200 ms").isGreaterThanOrEqualTo(5);
        assertThat(fences.get()).as("fences").isZero();
        assertThat(lease.fenced()).isFalse();
    }

    /** Runs no program: records each nft script (the dead-man switch's), optionally taking its time. */
    private static final class NftRecorder implements CommandRunner {
        private final List<String> scripts = new CopyOnWriteArrayList<>();
        volatile long delayMillis;

        @Override
        public CommandResult run(Command command) {
            String script = command.input();
            scripts.add(script);
            if (delayMillis > 0 && script.contains("add element")) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new CommandResult(0, "", "");
        }

        @Override
        public RunningProcess start(Command command, Path log) {
            throw new UnsupportedOperationException("the lease starts no process");
        }

        List<String> scripts() {
            return List.copyOf(scripts);
        }

        List<Long> timeouts() {
            return scripts.stream().map(TIMEOUT::matcher).filter(Matcher::find).map(m -> Long.parseLong(m.group(1))).toList();
        }

        long silences() {
            return scripts.stream().filter(s -> s.contains("flush set ip xenvlan_alive alive") && !s.contains("add element")
                    && !s.contains("table ip")).count();
        }
    }
}
