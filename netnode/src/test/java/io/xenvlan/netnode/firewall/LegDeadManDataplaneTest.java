package io.xenvlan.netnode.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.LineSession;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dead-man switch in two namespaces (the node's, with a public interface carrying its own
 * address and a floating one, and the outside's): while refreshed, the floating address answers
 * ARP and ping; once the timeout passes with no refresh (the node process gone), it answers nothing
 * while the node's own address still does; a refresh opens it again. Refreshes go to one kept
 * {@code nft}, not a process each.
 */
@Tag("dataplane")
class LegDeadManDataplaneTest {
    private static final String FLOATING = "203.0.113.50";

    @Test
    void floatingAddressFallsSilentWhenTheSwitchTimesOut_theNodesOwnAddressDoesNot() throws Exception {
        ProcessCommandRunner real = new ProcessCommandRunner(Duration.ofSeconds(20));
        String tag = "xdm" + ThreadLocalRandom.current().nextInt(10_000, 100_000);
        String node = tag + "n";
        String outside = tag + "o";
        CountingRunner runner = new CountingRunner(real);
        LegDeadMan deadMan = LegDeadMan.over(runner, Optional.of(new NamespaceName(node)), "xg");
        try {
            for (String ns : List.of(node, outside)) {
                real.check(Command.change("ip", "netns", "add", ns));
            }
            real.check(Command.change("ip", "-n", node, "link", "add", "pub0", "type", "veth", "peer", "name", "out0", "netns", outside));
            real.check(Command.change("ip", "-n", node, "addr", "add", "198.51.100.1/24", "dev", "pub0"));
            real.check(Command.change("ip", "-n", node, "addr", "add", FLOATING + "/32", "dev", "pub0"));
            real.check(Command.change("ip", "-n", node, "link", "set", "pub0", "up"));
            real.check(Command.change("ip", "-n", outside, "addr", "add", "198.51.100.2/24", "dev", "out0"));
            real.check(Command.change("ip", "-n", outside, "link", "set", "out0", "up"));
            real.check(Command.change("ip", "-n", outside, "route", "add", "203.0.113.0/24", "dev", "out0"));

            deadMan.install();
            deadMan.floating(List.of(Ipv4Address.parse(FLOATING)));
            assertThat(answers(real, outside, FLOATING)).as("installed, never refreshed: silent").isFalse();

            deadMan.refresh(Duration.ofMillis(2500));
            long refreshed = System.nanoTime();
            assertThat(answers(real, outside, FLOATING)).as("the floating address answers while refreshed").isTrue();
            deadMan.refresh(Duration.ofMillis(2500));
            refreshed = System.nanoTime();
            assertThat(answers(real, outside, FLOATING)).isTrue();

            // no refresh any more, as when the node process is killed: the kernel times the switch out
            Thread.sleep(Math.max(0, 2700 - (System.nanoTime() - refreshed) / 1_000_000));
            assertThat(answers(real, outside, FLOATING)).as("the floating address, once the switch timed out").isFalse();
            assertThat(real.run(Command.change("ip", "-n", outside, "neigh", "show", FLOATING)).stdout())
                    .as("no ARP answer for it").doesNotContain("lladdr");
            assertThat(answers(real, outside, "198.51.100.1")).as("the node's own address still answers").isTrue();

            deadMan.refresh(Duration.ofMillis(2500));
            assertThat(answers(real, outside, FLOATING)).as("refreshed again").isTrue();

            deadMan.floating(List.of());
            Thread.sleep(200);
            assertThat(runner.opened.get()).as("nft sessions opened").isEqualTo(1);
            assertThat(runner.oneShotRefreshes()).as("refreshes run as a process of their own").isZero();
        } finally {
            deadMan.close();
            for (String ns : List.of(node, outside)) {
                real.run(Command.change("ip", "netns", "del", ns));
            }
        }
    }

    /** One ping from {@code ns} to {@code address}, its neighbour cache flushed first (so ARP must answer too). */
    private static boolean answers(CommandRunner runner, String ns, String address) {
        runner.run(Command.change("ip", "-n", ns, "neigh", "flush", "all"));
        return runner.run(Command.change("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", address)).exitCode() == 0;
    }

    /** The real runner, counting what the switch asks of it. */
    private static final class CountingRunner implements CommandRunner {
        private final CommandRunner inner;
        private final List<Command> ran = new CopyOnWriteArrayList<>();
        final AtomicInteger opened = new AtomicInteger();

        CountingRunner(CommandRunner inner) {
            this.inner = inner;
        }

        @Override
        public CommandResult run(Command command) {
            ran.add(command);
            return inner.run(command);
        }

        @Override
        public RunningProcess start(Command command, Path log) {
            return inner.start(command, log);
        }

        @Override
        public Optional<LineSession> open(Command command) {
            opened.incrementAndGet();
            return inner.open(command);
        }

        long oneShotRefreshes() {
            return ran.stream().filter(c -> c.input().contains("alive { ether timeout")).count();
        }
    }
}
