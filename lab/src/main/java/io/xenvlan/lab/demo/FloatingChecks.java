package io.xenvlan.lab.demo;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.render.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Floating IPs checked with real packets from the outside namespace: one VM of each project gets a
 * floating IP (from a pool in the upper half of the public range) and a rule opening TCP
 * {@value #OPEN_PORT} for its project, and serves on {@value #OPEN_PORT} and {@value #CLOSED_PORT}.
 * Then, per VM: its floating IP answers pings, TCP {@value #OPEN_PORT} reaches its server, a
 * connection it opens arrives outside from its floating IP, TCP {@value #CLOSED_PORT} does not come
 * up, and after disassociation the floating IP is gone.
 */
public final class FloatingChecks {
    static final int OPEN_PORT = 8080;
    static final int CLOSED_PORT = 8081;
    private static final int OUTSIDE_PORT = 9000;

    private FloatingChecks() {}

    public static List<FloatingCheck> run(Lab lab, List<AttachedVm> vms, Progress progress) {
        OutsideHost outside = lab.outside().orElseThrow(() -> new IllegalStateException("the lab has no public side"));
        FloatingIps floating = lab.floating();
        progress.step("$ xenvlan floating create --range " + outside.suggestedPool() + " --pool public   # the internet is namespace "
                + outside.namespace() + " (" + outside.address() + ")");
        floating.createPool(FloatingPool.parse("public", outside.suggestedPool().toString(), Optional.empty()));
        Map<String, AttachedVm> onePerProject = new LinkedHashMap<>();
        vms.forEach(vm -> onePerProject.putIfAbsent(vm.vm().project(), vm));
        Map<AttachedVm, Ipv4Address> fips = new LinkedHashMap<>();
        for (AttachedVm vm : onePerProject.values()) {
            String ns = lab.vmNamespace(vm);
            outside.background(ns, "busybox", "nc", "-ll", "-p", Integer.toString(OPEN_PORT), "-e", "/bin/echo", FloatingCheck.greeting(vm));
            outside.background(ns, "busybox", "nc", "-ll", "-p", Integer.toString(CLOSED_PORT), "-e", "/bin/echo", "not for outside");
            Ipv4Address fip = floating.allocate(ProjectId.of(vm.vm().project()), Optional.of(FloatingPoolName.of("public"))).address();
            floating.associate(fip, new AssociationTarget.FixedAddress(Ipv4Address.parse(vm.address())));
            floating.addRule(IngressRule.parse(vm.vm().project(), "tcp", Optional.of(Integer.toString(OPEN_PORT)), Optional.empty()));
            fips.put(vm, fip);
            progress.detail("$ xenvlan floating allocate --project " + vm.vm().project() + "; floating associate --address " + fip
                    + " --vm " + vm.vm().uuid() + "; floating rule add --project " + vm.vm().project() + " --protocol tcp --port "
                    + OPEN_PORT + "   # " + vm.vm().name());
        }
        progress.step("from " + outside.namespace() + ": ping each floating IP, TCP " + OPEN_PORT + " (opened) and " + CLOSED_PORT
                + " (not opened); each VM connects out; then every floating IP is disassociated");
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, fips.size()), DaemonThreads.named("xenvlan-demo-outside"));
        try {
            int[] port = {OUTSIDE_PORT};
            List<CompletableFuture<FloatingCheck>> checks = new ArrayList<>();
            for (Map.Entry<AttachedVm, Ipv4Address> e : fips.entrySet()) {
                int listen = port[0]++;
                checks.add(CompletableFuture.supplyAsync(() -> reach(lab, outside, e.getKey(), e.getValue().toString(), listen), pool));
            }
            List<FloatingCheck> reached = checks.stream().map(CompletableFuture::join).toList();
            fips.values().forEach(floating::disassociate);
            List<CompletableFuture<FloatingCheck>> after = reached.stream().map(c -> CompletableFuture.supplyAsync(() ->
                    new FloatingCheck(c.vm(), c.floatingIp(), c.ping(), c.reply(), c.outboundAs(), c.refused(),
                            gone(outside, c.floatingIp())), pool)).toList();
            return after.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static FloatingCheck reach(Lab lab, OutsideHost outside, AttachedVm vm, String fip, int listen) {
        boolean ping = OutsideHost.within(Duration.ofSeconds(10), () -> outside.ping(fip));
        Optional<String> reply = outside.tcp(fip, OPEN_PORT);
        Optional<String> from = outside.connectionFrom(lab.vmNamespace(vm), listen);
        boolean refused = outside.tcp(fip, CLOSED_PORT).isEmpty();
        return new FloatingCheck(vm, fip, ping, reply, from, refused, false);
    }

    /** The floating IP stops answering within 10 s of its disassociation. */
    private static boolean gone(OutsideHost outside, String fip) {
        return OutsideHost.within(Duration.ofSeconds(10), () -> !outside.ping(fip));
    }

    public static boolean allPass(List<FloatingCheck> checks) {
        return !checks.isEmpty() && checks.stream().allMatch(FloatingCheck::pass);
    }

    public static Table table(List<FloatingCheck> checks) {
        Table t = new Table("VM", "PROJECT", "FLOATING IP", "PING FROM OUTSIDE", "TCP " + OPEN_PORT + " (RULE)", "OUTBOUND SEEN AS",
                "TCP " + CLOSED_PORT + " (NO RULE) REFUSED", "UNREACHABLE AFTER DISASSOCIATE");
        for (FloatingCheck c : checks) {
            t.row(c.vm().vm().name(), c.vm().vm().project(), c.floatingIp(), verdict(c.ping()),
                    verdict(c.replyPass()) + " " + c.reply().map(r -> "\"" + r + "\"").orElse("no connection"),
                    verdict(c.outboundPass()) + " " + c.outboundAs().orElse("nothing arrived"),
                    verdict(c.refused()), verdict(c.goneAfter()));
        }
        return t;
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }
}
