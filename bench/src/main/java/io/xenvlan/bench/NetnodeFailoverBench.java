package io.xenvlan.bench;

import io.xenvlan.netnode.TwoNodeFailover;
import io.xenvlan.store.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Failover of the network node (issue 17): two nodes in their own namespaces on one trunk and one
 * PostgreSQL database (the topology of {@code NodeFailoverDataplaneTest}), a VM holding its address;
 * the serving node's machine is killed (its renewals stop, SIGKILL to every process in its namespace,
 * the namespace and its legs go) {@code kills} times, the node killed coming back each time before the
 * next kill of the other. For each kill it measures, from the first SIGKILL, until the other node
 * serves the network, until the VM's gateway answers a ping, until the VM's DHCP request for its
 * address gets that address, and until its floating IP answers a ping from the outside host, and prints median and worst beside the 15 s target. Needs root, Open
 * vSwitch, dnsmasq, udhcpc and the XENVLAN_TEST_PG_* variables (a database is created and dropped).
 *
 * <p>Usage: {@code NetnodeFailoverBench [kills=5] [lease-seconds=6]} (6 s is {@code netnode.node-lease}'s default).
 */
public final class NetnodeFailoverBench {
    private static final double TARGET_SECONDS = 15.0;
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private NetnodeFailoverBench() {
    }

    private record Kill(String killed, double takeover, double gateway, double dhcp, double floating) {}

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Duration lease = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 6);
        List<Kill> results = new ArrayList<>();
        long cpu0 = NetnodeScaleBench.cpuTicksWithChildren(ProcessHandle.current().pid());
        // one thread per probe: each polls on its own from the kill (the common pool may have a single thread)
        ExecutorService probes = Executors.newFixedThreadPool(4);
        try (TestDatabase db = TestDatabase.postgres(); TwoNodeFailover pair = TwoNodeFailover.start(db.config(), lease)) {
            System.out.printf(Locale.ROOT, "failover bench: %d kills, node lease %d s, load average %s%n", kills, lease.toSeconds(),
                    NetnodeScaleBench.load());
            for (int i = 1; i <= kills; i++) {
                TwoNodeFailover.Node victim = pair.serving().orElseThrow(() -> new IllegalStateException("no node serves the network"));
                TwoNodeFailover.Node other = pair.other(victim);
                if (!pair.gatewayAnswers() || !pair.renewsItsAddress() || !pair.floatingAnswers()) {
                    throw new IllegalStateException("the VM is not served before kill " + i);
                }
                long t0 = pair.kill(victim);
                CompletableFuture<Double> takeover = CompletableFuture.supplyAsync(() -> until(t0, other::serves), probes);
                CompletableFuture<Double> gateway = CompletableFuture.supplyAsync(() -> until(t0, pair::gatewayAnswers), probes);
                CompletableFuture<Double> dhcp = CompletableFuture.supplyAsync(() -> until(t0, pair::renewsItsAddress), probes);
                CompletableFuture<Double> floating = CompletableFuture.supplyAsync(() -> until(t0, pair::floatingAnswers), probes);
                Kill kill = new Kill(victim.name(), takeover.get(), gateway.get(), dhcp.get(), floating.get());
                results.add(kill);
                System.out.printf(Locale.ROOT, "kill %d of %s: %s took the network after %.1f s, gateway answered after %.1f s,"
                        + " same address renewed after %.1f s, floating IP answered the outside after %.1f s (load average %s)%n",
                        i, kill.killed(), other.name(), kill.takeover(), kill.gateway(), kill.dhcp(), kill.floating(), NetnodeScaleBench.load());
                pair.revive(victim);
                Thread.sleep(lease.toMillis()); // the node back renews its lease, takes nothing back
                if (victim.serves()) {
                    throw new IllegalStateException(victim.name() + " came back and took the network back");
                }
            }
        } finally {
            probes.shutdownNow();
        }
        double cpu = (NetnodeScaleBench.cpuTicksWithChildren(ProcessHandle.current().pid()) - cpu0) / 100.0;
        System.out.printf(Locale.ROOT, "%n| after kill -9 of the serving node | median of %d | worst | target |%n|---|---|---|---|%n",
                results.size());
        row("the other node serves the network", results, Kill::takeover);
        row("the VM's gateway answers", results, Kill::gateway);
        row("the VM's DHCP request gets the same address", results, Kill::dhcp);
        row("the VM's floating IP answers the outside", results, Kill::floating);
        System.out.printf(Locale.ROOT, "%nJVM with every command it ran: %.1f CPU-seconds over the run; load average %s%n", cpu,
                NetnodeScaleBench.load());
    }

    private static void row(String what, List<Kill> results, java.util.function.ToDoubleFunction<Kill> figure) {
        List<Double> sorted = results.stream().map(figure::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        double worst = sorted.get(sorted.size() - 1);
        System.out.printf(Locale.ROOT, "| %s | %.1f s | %.1f s | %.0f s: %s |%n", what, median, worst, TARGET_SECONDS,
                worst <= TARGET_SECONDS ? "met" : "missed");
    }

    /** Seconds from {@code t0} until {@code condition} holds (polled back to back), or an error after a minute. */
    private static double until(long t0, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > GIVE_UP.toNanos()) {
                throw new IllegalStateException("not within " + GIVE_UP.toSeconds() + " s of the kill");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
