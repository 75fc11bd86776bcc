package io.xenvlan.lab.cli;

import io.xenvlan.server.render.Views;
import io.xenvlan.core.network.Network;
import io.xenvlan.lab.demo.AttachedVm;
import io.xenvlan.lab.demo.DataplaneChecks;
import io.xenvlan.lab.demo.DataplaneRequirements;
import io.xenvlan.lab.demo.DemoVm;
import io.xenvlan.lab.demo.FloatingCheck;
import io.xenvlan.lab.demo.FloatingChecks;
import io.xenvlan.lab.demo.Lab;
import io.xenvlan.lab.demo.LabConfig;
import io.xenvlan.lab.demo.Progress;
import io.xenvlan.lab.demo.Topology;
import io.xenvlan.lab.demo.VmCheck;
import io.xenvlan.lab.demo.XenApiCalls;
import io.xenvlan.sim.ovs.Prerequisites;
import io.xenvlan.sim.ovs.RunTag;
import io.xenvlan.server.render.Views;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan demo}: the whole system on one machine against a simulated pool of three
 * hosts: networks, nine VMs of three projects attached through the product's code paths, the
 * topology and the XenAPI calls. {@code --dataplane} (root) does it over real Open vSwitch and
 * dnsmasq and checks, with packets, what the seeds promise.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show xenvlan at work on a simulated 3-host pool: networks, 9 VMs of 3 projects attached over XenAPI,",
                "the topology, and the XenAPI calls made. Nothing needs installing but Java; nothing on this machine changes.",
                "With --dataplane (root, Open vSwitch, dnsmasq, udhcpc) the VMs get their addresses over a real VLAN trunk",
                "and a PASS/FAIL table shows DHCP, gateway, same-project and cross-project reachability, then floating IPs",
                "seen from an outside namespace (ping, TCP by rule, outbound NAT, refused port, gone after disassociate)."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> PROJECTS = List.of("alpha", "beta", "gamma");

    @Spec CommandSpec spec;

    @Option(names = "--dataplane", description = "real packets: Open vSwitch-backed pool, network node and dnsmasq in namespaces (root)")
    boolean dataplane;

    @Mixin FailoverDemoOptions failover;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<Integer> failedOver = failover.run(dataplane, out);
        if (failedOver.isPresent()) {
            return failedOver.get();
        }
        if (dataplane) {
            DataplaneRequirements.check("xenvlan demo --dataplane", Prerequisites.SWITCHES, Prerequisites.GUESTS,
                    Prerequisites.NETWORK_NODE, DataplaneRequirements.FLOATING);
        }
        intro(out);
        Progress progress = Progress.to(out);
        LabConfig config = new LabConfig(3, PROJECTS, 3, dataplane, RunTag.random(new SecureRandom()));
        try (Lab lab = Lab.start(config, progress)) {
            out.println();
            out.println("$ xenvlan network create --label demo --cidr 10.20.0.0/16 --num-networks 4 --network-size 256 --vlan-start 100");
            out.print(Views.networkTable(Views.networks(lab.createNetworks(4))).render());
            out.println();
            progress.step("attaching " + lab.vms().size() + " VMs (VLAN manager -> network node -> XenAPI: VLAN network on every host, VIF created and plugged)");
            List<AttachedVm> attached = new ArrayList<>();
            for (DemoVm vm : lab.vms()) {
                progress.detail("$ xenvlan vif attach --project " + vm.project() + " --pool " + Lab.POOL + " --vm " + vm.uuid()
                        + "   # " + vm.name() + " on " + vm.hostName());
                attached.add(lab.attach(vm));
            }
            out.println();
            out.println("Topology: each project has its own VLAN; the pool's network for it is named after the bridge (brN) and");
            out.println("has a bridge xapiN on every host; VMs of one project sit on different hosts.");
            out.print(Topology.table(attached).render());
            out.println();
            out.println("XenAPI calls the pool received (GET " + lab.statsUrl() + "):");
            out.print(XenApiCalls.table(XenApiCalls.fetch(lab.statsUrl())).render());
            out.println();
            if (!dataplane) {
                reportOnly(lab, attached, out);
                return 0;
            }
            List<VmCheck> checks = DataplaneChecks.run(attached, lab.dataPlane().orElseThrow(), progress);
            List<FloatingCheck> floating = FloatingChecks.run(lab, attached, progress);
            out.println();
            out.print(DataplaneChecks.table(checks).render());
            out.println();
            out.println("Floating IPs, seen from the internet (namespace " + lab.outside().orElseThrow().namespace() + "):");
            out.print(FloatingChecks.table(floating).render());
            boolean pass = DataplaneChecks.allPass(checks) && FloatingChecks.allPass(floating);
            out.println();
            out.println(pass ? "PASS: every VM got exactly its address from its VLAN's dnsmasq, reached its gateway and its project's VM on"
                    + " another host, and no VM of another project; each floating IP answered from outside on the port its rule"
                    + " opens and no other, carried its VM's own connection out, and was gone once disassociated."
                    : "FAIL: see the rows marked FAIL above.");
            progress.step("removing namespaces, switches, dnsmasq and the state directory");
            return pass ? 0 : 1;
        } finally {
            out.flush();
        }
    }

    private void intro(PrintWriter out) {
        out.println("xenvlan demo: the whole system on this machine, against a simulated XenServer pool of 3 hosts.");
        out.println("  VLAN manager on an embedded H2 database in a temporary state directory; compute side talking XenAPI");
        out.println("  (JSON-RPC over loopback HTTP) to the simulator; a network node with one dnsmasq per VLAN.");
        if (dataplane) {
            out.println("  Real data plane: Open vSwitch (userspace datapath) and network namespaces, all named with a per-run tag");
            out.println("  and removed at the end. Hosts, VMs and the network node each live in a namespace of their own.");
        } else {
            out.println("  The network node runs in REPORT-ONLY mode: it writes its dnsmasq files and reports the commands it");
            out.println("  would run, and changes nothing on this machine. As root, `xenvlan demo --dataplane` sends real packets.");
        }
        out.println();
    }

    private static void reportOnly(Lab lab, List<AttachedVm> attached, PrintWriter out) {
        Network first = attached.get(0).network();
        Path hosts = lab.dnsmasqDir(first).resolve("hosts");
        out.println("The network node (REPORT-ONLY) wrote its dnsmasq files; " + hosts + " for VLAN " + first.vlan() + ":");
        try {
            Files.readAllLines(hosts).forEach(l -> out.println("    " + l));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> commands = lab.reportedCommands();
        out.println("and reports the " + commands.size() + " commands it would have run (nothing was run):");
        commands.forEach(c -> out.println("    " + c));
        out.println();
        out.println("The same commands work against your own store and pools: ./xenvlan --help lists them.");
    }
}
