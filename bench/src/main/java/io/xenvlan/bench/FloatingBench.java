package io.xenvlan.bench;

import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dataplane.PublicSide;
import io.xenvlan.netnode.floating.FloatingNode;
import io.xenvlan.netnode.floating.FloatingStats;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Floating IPs on one network node with real nftables, conntrack and arping in namespaces (the
 * netnode test harness): the node's namespace, a "VM" namespace holding every fixed address behind
 * the node's leg, and an outside namespace on its public interface. Prints
 * <ul>
 * <li>the rule-apply time per association for batches of 10, 100 and 1,000 associations, and of a
 *     single association added while 10, 100 and 1,000 are held (it must not grow with the count);</li>
 * <li>the time from committing 1,000 associations to the moment all sampled floating IPs answer
 *     pings from outside.</li>
 * </ul>
 * Needs root, nftables, conntrack, arping (as the data-plane tests).
 *
 * <p>Usage: {@code FloatingBench [associations=1000] [samples=25]}.
 */
public final class FloatingBench {
    private static final String NODE = "bench-node";

    private FloatingBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Path dir = Files.createTempDirectory("xenvlan-floating-bench");
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try (DataPlane plane = DataPlane.start(); JdbcStore store = EmbeddedStore.open(dir.resolve("store"))) {
            String nodeNs = plane.namespace("nn");
            String vmNs = plane.namespace("vms");
            PublicSide outside = PublicSide.attach(plane, nodeNs, "198.18.0.1/21", "198.18.0.2/21");
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            Network net = manager.createNetworks(NetworkRequest.of("bench", "10.99.0.0/21").withCount(1, 2048).withProject("bench")).get(0);
            store.claimNetworks(NODE);
            List<Allocation> vms = new ArrayList<>();
            for (int i = 0; i < count + 30; i++) {
                vms.add(manager.allocate(ProjectId.of("bench"), InstanceId.of("vm-" + i), Optional.empty()));
            }
            leg(plane, nodeNs, vmNs, net, vms);
            FloatingIps fips = new FloatingIps(JdbcFloatingStore.on(store, Clock.systemUTC()), store, new FloatingConfig(count + 100, false));
            fips.createPool(FloatingPool.parse("bench", "198.18.4.0/22", Optional.empty()));
            fips.addRule(IngressRule.parse("bench", "tcp", Optional.of("22"), Optional.empty()));
            NetworkNodeConfig config = NetworkNodeConfig.builder(NODE, dir.resolve("node")).netns(nodeNs)
                    .publicInterface(outside.nodeInterface()).coalesceWindow(Duration.ofMillis(150)).checkInterval(Duration.ZERO).build();
            Nodes nodes = new Nodes(config, store, plane, scheduler, net);
            FloatingNode node = nodes.start();

            System.out.println("Rule-apply time per association (nft -f, ip -batch; node in a namespace, fixed addresses behind one leg):");
            System.out.printf(Locale.ROOT, "%-44s %12s %16s%n", "", "apply ms", "ms/association");
            List<String> held = new ArrayList<>();
            for (int batch : List.of(10, 100, count)) {
                releaseAll(fips, held, node);
                node.close(); // associations committed while no node runs: the next one applies them in one batch
                associate(fips, vms.subList(0, batch), held);
                node = nodes.start();
                double ms = node.stats().nanos() / 1e6;
                FloatingNode started = node;
                await(() -> started.announcementsPending() == 0); // the gratuitous ARPs are sent beside; let them pass
                System.out.printf(Locale.ROOT, "%-44s %12.1f %16.3f%n", "batch of " + batch + " associations (" + node.stats().batches()
                        + " batch)", ms, ms / batch);
            }
            for (int before : List.of(10, 100, count)) {
                releaseAll(fips, held, node);
                associate(fips, vms.subList(0, before), held);
                FloatingNode running = node;
                await(() -> running.associations() == before && running.announcementsPending() == 0);
                List<Double> singles = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int target = before + 1 + i;
                    long nanos = node.stats().nanos();
                    associate(fips, vms.subList(count + i, count + i + 1), held);
                    await(() -> running.associations() == target && running.announcementsPending() == 0);
                    singles.add((node.stats().nanos() - nanos) / 1e6);
                }
                Collections.sort(singles);
                System.out.printf(Locale.ROOT, "%-44s %12.1f %16.3f%n", "1 more with " + before + " held (median of 10)", singles.get(5),
                        singles.get(5));
            }

            releaseAll(fips, held, node);
            long committed = System.nanoTime();
            List<String> all = associate(fips, vms.subList(0, count), held);
            double committing = (System.nanoTime() - committed) / 1e9;
            List<String> sampled = new ArrayList<>(all);
            Collections.shuffle(sampled, new Random(7));
            sampled = new ArrayList<>(sampled.subList(0, Math.min(samples, sampled.size())));
            sampled.add(all.get(0));
            sampled.add(all.get(all.size() - 1));
            for (String fip : sampled) {
                await(() -> outside.ping(fip));
            }
            double answered = (System.nanoTime() - committed) / 1e9;
            System.out.println();
            System.out.printf(Locale.ROOT, "%d associations committed in %.1f s (one transaction each); all %d sampled floating IPs"
                    + " answered pings from outside %.1f s after the first commit%n", count, committing, sampled.size(), answered);
            FloatingStats stats = node.stats();
            System.out.printf(Locale.ROOT, "node: %d batches applied, %d association changes, %.1f ms applying in all%n", stats.batches(),
                    stats.changed(), stats.nanos() / 1e6);
            node.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Starts floating nodes on the bench's namespaces, one at a time. */
    private record Nodes(NetworkNodeConfig config, JdbcStore store, DataPlane plane, ScheduledExecutorService scheduler, Network net) {
        FloatingNode start() {
            FloatingNode node = FloatingNode.create(config, JdbcFloatingStore.on(store, Clock.systemUTC()), plane.runner(), scheduler,
                    () -> Set.of(net.id()));
            node.start();
            return node;
        }
    }

    private static List<String> associate(FloatingIps fips, List<Allocation> vms, List<String> held) {
        List<String> out = new ArrayList<>();
        for (Allocation vm : vms) {
            Ipv4Address fip = fips.allocate(ProjectId.of("bench"), Optional.empty()).address();
            fips.associate(fip, new AssociationTarget.FixedAddress(vm.address()));
            out.add(fip.toString());
        }
        held.addAll(out);
        return out;
    }

    private static void releaseAll(FloatingIps fips, List<String> held, FloatingNode node) {
        held.forEach(fip -> fips.release(Ipv4Address.parse(fip)));
        held.clear();
        await(() -> node.associations() == 0 && node.announcementsPending() == 0);
    }


    /** The node's leg (the network's gateway) cabled to a namespace holding every fixed address. */
    private static void leg(DataPlane plane, String nodeNs, String vmNs, Network net, List<Allocation> vms) throws Exception {
        String leg = plane.name("lg");
        String far = plane.name("lv");
        plane.veth(leg, far);
        plane.inSwitch("ip", "link", "set", leg, "netns", nodeNs);
        plane.inSwitch("ip", "link", "set", far, "netns", vmNs);
        plane.run("ip", "-n", nodeNs, "addr", "add", net.gateway() + "/" + net.cidr().prefix(), "dev", leg);
        plane.run("ip", "-n", nodeNs, "link", "set", leg, "up");
        plane.run("ip", "netns", "exec", nodeNs, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        Path batch = plane.dir().resolve("vm-addresses.batch");
        List<String> lines = new ArrayList<>();
        vms.forEach(vm -> lines.add("address add " + vm.address() + "/" + net.cidr().prefix() + " dev " + far));
        Files.write(batch, lines);
        plane.run("ip", "-n", vmNs, "-batch", batch.toString());
        plane.run("ip", "-n", vmNs, "link", "set", far, "up");
        plane.run("ip", "-n", vmNs, "route", "add", "default", "via", net.gateway().toString());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
