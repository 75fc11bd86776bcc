package io.xenvlan.netnode.dnsmasq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.netnode.TestNetworks;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.RunningProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
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

    /** A dnsmasq that exits at once, after logging why. */
    private final class DyingRunner implements CommandRunner {
        @Override
        public boolean executes() {
            return false;
        }

        @Override
        public CommandResult run(Command command) {
            return new CommandResult(0, "", "");
        }

        @Override
        public RunningProcess start(Command command, Path log) {
            try {
                Files.writeString(log, "dnsmasq: failed to create listening socket for 10.9.5.2: Address already in use\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new RunningProcess() {
                @Override public long pid() { return 4242; }
                @Override public boolean isAlive() { return false; }
                @Override public CompletableFuture<Integer> onExit() { return CompletableFuture.completedFuture(2); }
                @Override public void hangUp() { }
                @Override public void stop(Duration grace) { }
                @Override public void terminate() { }
                @Override public void kill() { }
            };
        }
    }

    @Test
    void start_dnsmasqExitsAtOnce_failsWithItsLog() {
        DnsmasqFleet fleet = new DnsmasqFleet(new DnsmasqContext(new DyingRunner(), Optional.empty(), state,
                Optional.of(Path.of("/bin/true")), Duration.ofSeconds(86400), Duration.ofSeconds(1), Duration.ofSeconds(30), scheduler,
                new MutableClock(Instant.EPOCH), new DnsmasqStats()));

        assertThatThrownBy(() -> fleet.start(net, new InterfaceName("xvg105"), List.of(TestNetworks.host(net, 0)), List.of()))
                .isInstanceOfSatisfying(BackendFailureException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("EXITED");
                    assertThat(e).hasMessageContaining("Address already in use");
                });
        assertThat(fleet.serves(net.id())).isFalse();
    }
}
