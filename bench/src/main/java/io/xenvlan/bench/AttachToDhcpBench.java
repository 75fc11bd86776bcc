package io.xenvlan.bench;

import io.xenvlan.core.network.Network;
import io.xenvlan.lab.demo.AttachedVm;
import io.xenvlan.lab.demo.DataplaneRequirements;
import io.xenvlan.lab.demo.DemoVm;
import io.xenvlan.lab.demo.Lab;
import io.xenvlan.lab.demo.LabConfig;
import io.xenvlan.lab.demo.Progress;
import io.xenvlan.sim.SimulatorStats;
import io.xenvlan.sim.ovs.DhcpLease;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.PacketCapture;
import io.xenvlan.sim.ovs.Prerequisites;
import io.xenvlan.sim.ovs.RunTag;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Time from {@code vif attach} to the VM holding its address over DHCP, for many VMs attached
 * together on the real data plane (Open vSwitch-backed simulated pool, network node with one
 * dnsmasq per VLAN in its namespace), beside dnsmasq's own reply time measured in the same run
 * (request in to reply out on the network node's legs, from tcpdump's timestamps).
 *
 * <p>Each VM's clock starts when its attach call starts (all at once); the attach returns once
 * the VIF is plugged and the network node confirmed the VM's DHCP entry; then the VM's DHCP
 * client runs, and the clock stops when the address is configured. The projects' networks are
 * associated and served before the clock starts; their VLAN networks on the pool are created by
 * the timed attaches. Usage: {@code AttachToDhcpBench [vms=30] [projects=3]} (root).
 */
public final class AttachToDhcpBench {
    private AttachToDhcpBench() {}

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int projects = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        DataplaneRequirements.check("AttachToDhcpBench", Prerequisites.SWITCHES, Prerequisites.GUESTS,
                Prerequisites.NETWORK_NODE, List.of(new Prerequisites.Tool("tcpdump", "tcpdump")));
        List<String> names = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            names.add("bench" + (p + 1));
        }
        PrintWriter out = new PrintWriter(System.out, true);
        LabConfig config = new LabConfig(3, names, (vms + projects - 1) / projects, true, RunTag.random(new SecureRandom()));
        try (Lab lab = Lab.start(config, Progress.to(out))) {
            OvsDataPlane plane = lab.dataPlane().orElseThrow();
            lab.createNetworks(projects);
            List<Network> networks = new ArrayList<>();
            for (String project : names) {
                networks.add(lab.serve(project));
            }
            List<DemoVm> targets = lab.vms().subList(0, vms);
            List<PacketCapture> captures = new ArrayList<>();
            for (Network n : networks) {
                captures.add(PacketCapture.start(lab.networkNodeNamespace(), lab.legOf(n), 60 + vms,
                        List.of("-tt", "udp", "port", "67", "or", "udp", "port", "68")));
            }
            out.println("timing " + targets.size() + " VMs attached together...");
            lab.pool().resetStats();
            OvsDataPlane.PlugTimes before = plane.vifPlugTimes();
            List<Sample> samples = run(lab, plane, targets);
            SimulatorStats stats = lab.pool().stats();
            List<Double> replies = new ArrayList<>();
            for (PacketCapture c : captures) {
                replies.addAll(DhcpReplyTimes.fromCapture(c.stop()));
            }
            report(out, samples, replies);
            OvsDataPlane.PlugTimes after = plane.vifPlugTimes();
            OvsDataPlane.PlugTimes plugs = new OvsDataPlane.PlugTimes(after.count() - before.count(),
                    after.total().minus(before.total()));
            out.printf(Locale.ROOT, "simulated hosts: %d VIF plugs took %.1f ms each of Open vSwitch and veth plumbing, done one"
                    + " at a time (the simulator applies changes under one lock): %.0f ms in all%n", plugs.count(),
                    plugs.total().toNanos() / 1e6 / Math.max(1, plugs.count()), plugs.total().toNanos() / 1e6);
            out.printf(Locale.ROOT, "XenAPI calls during the run: %d (%s)%n", stats.totalCalls(), stats.methods().keySet());
        }
    }

    record Sample(DemoVm vm, double attachMs, double dhcpMs, double totalMs, boolean ok) {}

    private static List<Sample> run(Lab lab, OvsDataPlane plane, List<DemoVm> targets) {
        ExecutorService pool = Executors.newFixedThreadPool(targets.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<CompletableFuture<Sample>> futures = targets.stream().map(vm -> CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                long start = System.nanoTime();
                AttachedVm attached = lab.attach(vm);
                long attachedAt = System.nanoTime();
                Optional<DhcpLease> lease = plane.guest(vm.uuid()).dhcp(Integer.parseInt(attached.device()), 30);
                long end = System.nanoTime();
                boolean ok = lease.map(l -> l.address().equals(attached.address())).orElse(false);
                return new Sample(vm, ms(attachedAt - start), ms(end - attachedAt), ms(end - start), ok);
            }, pool)).toList();
            go.countDown();
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void report(PrintWriter out, List<Sample> samples, List<Double> replies) {
        long failed = samples.stream().filter(s -> !s.ok()).count();
        out.println();
        out.printf(Locale.ROOT, "AttachToDhcpBench: %d VMs attached together, %d got exactly their IPAM address over DHCP%n",
                samples.size(), samples.size() - failed);
        line(out, "vif attach -> address held (ms)", samples.stream().map(Sample::totalMs).toList());
        line(out, "  of which attach, to DHCP entry live", samples.stream().map(Sample::attachMs).toList());
        line(out, "  of which DHCP client (DISCOVER..bound)", samples.stream().map(Sample::dhcpMs).toList());
        line(out, "dnsmasq reply time, request in -> reply out", replies);
        out.printf(Locale.ROOT, "  (%d DHCP request/reply pairs seen on the network node's legs)%n", replies.size());
    }

    private static void line(PrintWriter out, String what, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            out.printf(Locale.ROOT, "%-45s  no samples%n", what);
            return;
        }
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        out.printf(Locale.ROOT, "%-45s  median %8.1f ms   max %8.1f ms%n", what, median, sorted.get(sorted.size() - 1));
    }
}
