package io.xenvlan.lab.demo;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.network.Network;
import io.xenvlan.server.render.Table;
import io.xenvlan.sim.ovs.DhcpLease;
import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.GuestConsole;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.RunTag;
import io.xenvlan.store.StoreConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code xenvlan demo --dataplane --failover --db URL}: two network nodes, each in a namespace of
 * its own on the simulated pool's trunk and each with its own connection pool on one PostgreSQL
 * database. Two VMs of one project on different hosts get their addresses from the first node;
 * its machine then dies (its lease is no longer renewed, every process in its namespace gets
 * SIGKILL, the namespace and its legs go). A PASS/FAIL table says whether the second node took
 * the network over within 15 s, whether each VM's DHCP request got its address again, its gateway
 * answered and its peer was reached, and whether the first node, started again, took nothing back.
 */
public final class FailoverDemo {
    static final Duration TARGET = Duration.ofSeconds(15);
    private static final String PROJECT = "alpha";
    private static final String NODE_A = "demo-node";
    private static final String NODE_B = "demo-node-b";

    private FailoverDemo() {}

    /** One row of the table. */
    record Check(String what, boolean pass, String detail) {}

    /**
     * The store the demo runs on: {@code url} must be a PostgreSQL JDBC URL (two nodes, two pools).
     *
     * @throws InvalidInputException naming {@code db} otherwise
     */
    public static StoreConfig store(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new InvalidInputException("db", "postgresql", "db: the failover demo needs a PostgreSQL JDBC URL"
                    + " (jdbc:postgresql://HOST:PORT/DATABASE, an empty database): its two network nodes each keep their own"
                    + " connections to one store, as two machines would, which an embedded H2 database does not allow");
        }
        return StoreConfig.of(url).withCredentials(user, password);
    }

    /** Runs the demo on {@code store}, printing to {@code out}; returns 0 when every check passed, else 1. */
    public static int run(StoreConfig store, PrintWriter out, RunTag tag) {
        Progress progress = Progress.to(out);
        out.println("xenvlan demo --failover: two network nodes on one PostgreSQL database (" + store.describe() + "),");
        out.println("  each in a namespace of its own on the simulated pool's trunk; the one serving the VMs is killed.");
        out.println();
        LabConfig config = new LabConfig(2, List.of(PROJECT), 2, true, tag);
        try (Lab lab = Lab.start(config, progress, Optional.of(store))) {
            if (lab.manager().networks().size() > 0) {
                throw new InvalidInputException("db", "empty", "db: the database already holds networks; the failover demo needs an"
                        + " empty database (it creates its own networks, VLANs 100 to 103)");
            }
            lab.createNetworks(4);
            progress.step("attaching " + lab.vms().size() + " VMs of project " + PROJECT + " (node " + NODE_A + " serves their network)");
            List<AttachedVm> vms = new ArrayList<>();
            for (DemoVm vm : lab.vms()) {
                vms.add(lab.attach(vm));
            }
            Network network = vms.get(0).network();
            OvsDataPlane plane = lab.dataPlane().orElseThrow();
            for (AttachedVm vm : vms) {
                Optional<DhcpLease> lease = guest(plane, vm).dhcp(Integer.parseInt(vm.device()), DataplaneChecks.DHCP_ATTEMPTS);
                progress.detail(vm.vm().name() + " on " + vm.vm().hostName() + ": " + lease.map(DhcpLease::address).orElse("no lease"));
            }
            String prefix = tag.value().substring(0, Math.min(5, tag.value().length()));
            try (FailoverNode b = FailoverNode.start(NODE_B, tag.namespace("nb"), prefix + "b", lab.stateDir().resolve("netnode-b"),
                    store, plane)) {
                progress.step("network node " + NODE_B + " runs beside it in namespace " + b.namespace() + " (it takes nothing: "
                        + NODE_A + " lives)");
                List<Check> checks = killAndCheck(lab, b, network, vms, plane, store, prefix, progress);
                out.println();
                Table table = new Table("CHECK", "RESULT", "DETAIL");
                checks.forEach(c -> table.row(c.what(), c.pass() ? "PASS" : "FAIL", c.detail()));
                out.print(table.render());
                boolean pass = checks.stream().allMatch(Check::pass);
                out.println();
                out.println(pass ? "PASS: the second node took the network over within " + TARGET.toSeconds() + " s of the kill; the VMs"
                        + " kept their addresses and reached their gateway and each other; the first node came back and took nothing."
                        : "FAIL: see the rows marked FAIL above.");
                progress.step("removing namespaces, switches, dnsmasq and the state directory");
                return pass ? 0 : 1;
            }
        }
    }

    private static List<Check> killAndCheck(Lab lab, FailoverNode b, Network network, List<AttachedVm> vms, OvsDataPlane plane,
                                            StoreConfig store, String prefix, Progress progress) {
        List<Check> checks = new ArrayList<>();
        LabNetworkNode a = lab.networkNode();
        progress.step("kill -9 of " + NODE_A + "'s machine: its lease is no longer renewed, every process in namespace "
                + a.namespace() + " gets SIGKILL, the namespace and its legs go");
        a.role().leaveServing();
        long t0 = System.nanoTime();
        for (String pid : Exec.run(List.of("ip", "netns", "pids", a.namespace())).stdout().split("\\s+")) {
            if (pid.matches("[0-9]+")) {
                Exec.run(List.of("kill", "-9", pid));
            }
        }
        Exec.run(List.of("ip", "netns", "del", a.namespace()));

        double took = until(t0, () -> b.serves(network.id()));
        checks.add(new Check("the other node took the network over within " + TARGET.toSeconds() + " s",
                took <= TARGET.toSeconds(), took < 0 ? NODE_B + " did not take VLAN " + network.vlan()
                : NODE_B + " serves VLAN " + network.vlan() + " " + seconds(took) + " after the kill"));
        for (AttachedVm vm : vms) {
            GuestConsole guest = guest(plane, vm);
            double gateway = until(t0, () -> guest.ping(network.gateway().toString(), 1));
            checks.add(new Check(vm.vm().name() + ": its gateway answers", gateway >= 0 && gateway <= TARGET.toSeconds(),
                    network.gateway() + (gateway < 0 ? " silent" : " answered " + seconds(gateway) + " after the kill")));
            Optional<DhcpLease> again = guest.dhcp(Integer.parseInt(vm.device()), DataplaneChecks.DHCP_ATTEMPTS);
            double renewed = (System.nanoTime() - t0) / 1e9;
            boolean same = again.map(DhcpLease::address).filter(vm.address()::equals).isPresent();
            checks.add(new Check(vm.vm().name() + ": same address renewed", same && renewed <= TARGET.toSeconds(),
                    again.map(l -> "got " + l.address() + " (held " + vm.address() + ") from " + l.serverId() + ", "
                            + seconds(renewed) + " after the kill").orElse("no answer")));
        }
        for (AttachedVm vm : vms) {
            AttachedVm peer = vms.stream().filter(o -> o != vm).findFirst().orElseThrow();
            boolean reached = guest(plane, vm).ping(peer.address(), 3);
            checks.add(new Check(vm.vm().name() + ": its peer on another host is reachable", reached,
                    peer.vm().name() + " " + peer.address() + (reached ? " answered" : " silent")));
        }

        progress.step(NODE_A + "'s machine comes back: an empty namespace of the same name, the node started again");
        try (FailoverNode back = FailoverNode.start(NODE_A, a.namespace(), prefix, lab.stateDir().resolve("netnode"), store, plane)) {
            // two default leases: a node that came back would have taken by now (and one network is within the other
            // node's fair share plus one, so nothing is handed over to it either)
            sleep(Duration.ofSeconds(12));
            boolean nothing = back.served().isEmpty() && b.serves(network.id());
            checks.add(new Check("the first node, back, takes nothing back", nothing,
                    NODE_A + " serves " + back.served().size() + " networks; " + NODE_B + (b.serves(network.id()) ? " still serves"
                    : " no longer serves") + " VLAN " + network.vlan()));
        }
        return checks;
    }

    private static GuestConsole guest(OvsDataPlane plane, AttachedVm vm) {
        return plane.guest(vm.vm().uuid());
    }

    /** Seconds from {@code t0} until {@code condition} holds, or -1 when it did not within twice the target. */
    private static double until(long t0, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > TARGET.multipliedBy(2).toNanos()) {
                return -1;
            }
            sleep(Duration.ofMillis(100));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String seconds(double s) {
        return String.format(java.util.Locale.ROOT, "%.1f s", s);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
