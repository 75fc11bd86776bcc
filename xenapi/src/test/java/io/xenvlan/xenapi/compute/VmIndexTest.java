package io.xenvlan.xenapi.compute;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.core.time.Sleeper;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The VM index follows the pool's guests only, and pauses through its sleeper when event.from fails. */
class VmIndexTest {
    private static final PoolName POOL = PoolName.of("lab");

    private static PoolSimulator pool() throws Exception {
        return PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(2).vms(2).build());
    }

    private static XenApiClient client(PoolSimulator sim) {
        return XenApiClient.create(XenApiClientConfig.builder(sim.url(), "root",
                Password.of(SimulatorConfig.DEFAULT_PASSWORD)).requestTimeout(Duration.ofSeconds(5)).build());
    }

    private static String uuid(Map<String, Object> vm) {
        return (String) vm.get("uuid");
    }

    @Test
    void index_holdsGuests_neverTemplatesSnapshotsOrControlDomains() throws Exception {
        ExecutorService loops = Executors.newCachedThreadPool();
        try (PoolSimulator sim = pool(); XenApiClient client = client(sim);
             VmIndex index = new VmIndex(POOL, client, loops, Sleeper.SYSTEM)) {
            for (Map<String, Object> guest : sim.guests().values()) {
                assertThat(index.entry(uuid(guest))).as("guest %s", guest.get("name_label")).isPresent();
            }
            List<Map<String, Object>> others = sim.records("VM").values().stream()
                    .filter(vm -> !sim.guests().containsValue(vm)).toList();
            assertThat(others).extracting(vm -> vm.get("name_label")).contains("Other install media", "vm1 before upgrade",
                    "Control domain on host: host1");
            assertThat(others).allSatisfy(vm -> assertThat(index.entry(uuid(vm))).as("%s", vm.get("name_label")).isEmpty());
        } finally {
            loops.shutdownNow();
        }
    }

    @Test
    void failedEventFrom_pausesOnTheSleeper_andAnInterruptEndsTheLoopWithTheFlagSet() throws Exception {
        List<Duration> pauses = new CopyOnWriteArrayList<>();
        Sleeper interrupted = d -> {
            pauses.add(d);
            throw new InterruptedException("stop");
        };
        OwnThreadPerTask loops = new OwnThreadPerTask();
        PoolSimulator sim = pool();
        try (XenApiClient client = client(sim)) {
            client.login();
            sim.stop(); // every event.from now fails to connect
            try (VmIndex index = new VmIndex(POOL, client, loops, interrupted)) {
                assertThat(loops.interruptedWhenDone.get(30, TimeUnit.SECONDS))
                        .as("the loop ended and left the interrupt flag set").isTrue();
                assertThat(pauses).containsExactly(VmIndex.RETRY_PAUSE);
                assertThat(index.entry("any")).isEmpty();
            }
        } finally {
            sim.stop();
        }
    }

    /** Runs each task on a thread of its own and reports whether the thread was interrupted when the task returned. */
    private static final class OwnThreadPerTask extends AbstractExecutorService {
        final CompletableFuture<Boolean> interruptedWhenDone = new CompletableFuture<>();

        @Override
        public void execute(Runnable task) {
            Thread t = new Thread(() -> {
                task.run();
                interruptedWhenDone.complete(Thread.currentThread().isInterrupted());
            }, "vm-index-test-loop");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return interruptedWhenDone.isDone();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            Eventually.await("the loop to end", Duration.ofNanos(unit.toNanos(timeout)), interruptedWhenDone::isDone);
            return true;
        }
    }
}
