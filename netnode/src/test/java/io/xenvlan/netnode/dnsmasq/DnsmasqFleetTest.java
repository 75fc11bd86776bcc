package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsmasqFleetTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Network net = TestNetworks.network(5, 105, "10.9.5.0/24");
    @TempDir
    Path state;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /**
     * A real dnsmasq in a namespace of its own (nothing but loopback): the interface it must serve is not there, so it
     * exits at once after saying why, as it does when another process holds its port.
     */
    @Test
    @Tag("dataplane")
    void start_dnsmasqExitsAtOnce_failsWithItsLog() throws IOException {
        // dnsmasq reads its files as nobody
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessCommandRunner runner = new ProcessCommandRunner();
        String ns = "xvft" + Long.toHexString(System.nanoTime() & 0xffffffL);
        runner.check(Command.change("ip", "netns", "add", ns));
        try {
            DnsmasqFleet fleet = new DnsmasqFleet(new DnsmasqContext(runner, Optional.of(new NamespaceName(ns)), state,
                    Optional.of(Path.of("/bin/true")), Duration.ofSeconds(86400), Duration.ofSeconds(1), Duration.ofSeconds(30), scheduler,
                    new MutableClock(Instant.EPOCH), new DnsmasqStats()));

            assertThatThrownBy(() -> fleet.start(net, new InterfaceName("xvg105"), List.of(TestNetworks.host(net, 0)), List.of()))
                    .isInstanceOfSatisfying(BackendFailureException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("EXITED");
                        assertThat(e).hasMessageContaining("dnsmasq: unknown interface xvg105");
                    });
            assertThat(fleet.serves(net.id())).isFalse();
            fleet.close();
        } finally {
            runner.run(Command.change("ip", "netns", "delete", ns));
        }
    }

    /**
     * dnsmasq processes that end on SIGTERM, except the stubborn ones (every other), which need SIGKILL; each signal is recorded.
     * A fake, as what it checks cannot be had from a real one: a real dnsmasq always ends on SIGTERM (so the SIGKILL path
     * would never run), the order of the signals across 40 processes is only observable by whoever sends them, and the
     * timing assertion (one shared wait, not one per process) needs processes that do not end, whatever the machine's load.
     */
    private static final class StubbornRunner implements CommandRunner {
        final List<String> signals = Collections.synchronizedList(new ArrayList<>());
        private int started;

        @Override
        public boolean executes() {
            return false;
        }

        @Override
        public CommandResult run(Command command) {
            return new CommandResult(0, "", "");
        }

        @Override
        public synchronized RunningProcess start(Command command, Path log) {
            long pid = 1000 + started;
            boolean stubborn = started++ % 2 == 1;
            AtomicBoolean alive = new AtomicBoolean(true);
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            return new RunningProcess() {
                @Override public long pid() { return pid; }
                @Override public boolean isAlive() { return alive.get(); }
                @Override public CompletableFuture<Integer> onExit() { return exit; }
                @Override public void hangUp() { }
                @Override public void stop(Duration grace) { kill(); }
                @Override public void terminate() {
                    signals.add("TERM " + pid);
                    if (!stubborn) {
                        alive.set(false);
                        exit.complete(0);
                    }
                }
                @Override public void kill() {
                    signals.add("KILL " + pid);
                    alive.set(false);
                    exit.complete(137);
                }
            };
        }
    }

    @Test
    void close_signalsEveryOneFirst_waitsOnceForAll_thenKillsOnlyThoseLeft() {
        StubbornRunner runner = new StubbornRunner();
        DnsmasqFleet fleet = new DnsmasqFleet(new DnsmasqContext(runner, Optional.empty(), state, Optional.of(Path.of("/bin/true")),
                Duration.ofSeconds(86400), Duration.ofSeconds(1), Duration.ofSeconds(30), scheduler, new MutableClock(Instant.EPOCH),
                new DnsmasqStats()));
        List<DnsmasqFleet.Start> starts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Network n = TestNetworks.network(10 + i, 200 + i, "10.20." + i + ".0/24");
            starts.add(new DnsmasqFleet.Start(n, new InterfaceName("xvg" + (200 + i)), List.of(TestNetworks.host(n, 0)), List.of()));
        }
        assertThat(fleet.startAll(starts)).isEmpty();

        long t0 = System.nanoTime();
        fleet.close();
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<String> signals = List.copyOf(runner.signals);
        assertThat(signals).hasSize(60);
        assertThat(signals.subList(0, 40)).as("SIGTERM to every one before any SIGKILL").allMatch(s -> s.startsWith("TERM "));
        assertThat(signals.subList(40, 60)).as("SIGKILL only to the 20 that outlived the shared wait").allMatch(s -> s.startsWith("KILL "))
                .allMatch(s -> Long.parseLong(s.substring(5)) % 2 == 1);
        assertThat(seconds).as("one shared wait, not one per process").isBetween((double) DnsmasqFleet.STOP_GRACE_SECONDS,
                DnsmasqFleet.STOP_GRACE_SECONDS + 1.5);
        assertThat(fleet.served()).isEmpty();
    }
}
