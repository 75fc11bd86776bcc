package io.xenvlan.lab.cli;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.server.cli.GlobalOptions;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.lab.demo.DataplaneRequirements;
import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.InvalidSettingException;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimHost;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.OvsDataPlaneConfig;
import io.xenvlan.sim.ovs.Prerequisites;
import io.xenvlan.sim.ovs.RunTag;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan sim}: runs a simulated XenServer / XCP-ng pool that speaks XenAPI (XML-RPC and
 * JSON-RPC) until stopped, so xenvlan (or any XenAPI client) can be tried without a real pool.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run a simulated XenServer / XCP-ng pool (XenAPI over XML-RPC and JSON-RPC) until stopped.")
final class SimCommand implements Runnable {
    private static final Map<String, String> OPTION_OF_SETTING = Map.of(
            "port", "--port", "hosts", "--hosts", "nics", "--nics", "vms", "--vms", "user", "--user",
            "password", "--password-file", "latency", "--latency-ms", "failRate", "--fail-rate");

    @Spec CommandSpec spec;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "address of the master's endpoint; members use the next loopback addresses (default ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "9363", paramLabel = "PORT", description = "the master's port, 0 for any free one (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--hosts", defaultValue = "3", paramLabel = "N", description = "hosts in the pool, master included (default ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--nics", defaultValue = "eth0,eth1", split = ",", paramLabel = "NIC",
            description = "physical NICs per host, one pool-wide network xenbrN each (default ${DEFAULT-VALUE})")
    List<String> nics;

    @Option(names = "--vms", defaultValue = "6", paramLabel = "N", description = "running guest VMs spread over the hosts (default ${DEFAULT-VALUE})")
    int vms;

    @Option(names = "--user", defaultValue = "root", paramLabel = "NAME", description = "the XenAPI user name (default ${DEFAULT-VALUE})")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file whose first line is the password (default: the built-in simulator password, printed at start)")
    Path passwordFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 keystore with the server certificate: serve HTTPS, as a real pool does (default: plain HTTP)")
    Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "file whose first line is the keystore's password")
    Path tlsPasswordFile;

    @Option(names = "--latency-ms", defaultValue = "0", paramLabel = "MS", description = "delay added to every call (default ${DEFAULT-VALUE})")
    long latencyMs;

    @Option(names = "--fail-rate", defaultValue = "0", paramLabel = "RATE", description = "fraction 0..1 of mutating calls that fail (default ${DEFAULT-VALUE})")
    double failRate;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "seed for uuids, MACs and injected failures (default ${DEFAULT-VALUE})")
    long seed;

    /** What backs the simulated pool's networks. */
    enum Datapath { none, ovs }

    @Option(names = "--datapath", defaultValue = "none", paramLabel = "none|ovs",
            description = "none: XenAPI only; ovs: a real data plane (root, Open vSwitch): each host a namespace with its own "
                    + "Open vSwitch (xenbrN, xapiN fake bridges with the VLAN tag), the trunk NIC cabled to a switch, "
                    + "each running VM a namespace with a veth per plugged VIF (default ${DEFAULT-VALUE})")
    Datapath datapath;

    @Option(names = "--trunk-nic", defaultValue = "eth1", paramLabel = "NIC",
            description = "with --datapath ovs: the NIC of every host cabled to the trunk switch (default ${DEFAULT-VALUE})")
    String trunkNic;

    @Option(names = "--netnode",
            description = "with --datapath ovs: also run xenvlan's network node on the trunk switch (a leg and a dnsmasq per VLAN"
                    + " in namespace <tag>-nn) for the networks of the store given by --db / --state-dir, so VMs get their"
                    + " addresses by DHCP and lease events reach the store")
    boolean netnode;

    @Option(names = "--public-range", defaultValue = "203.0.113.0/24", paramLabel = "CIDR",
            description = "with --netnode: the public side's range; namespace <tag>-outside (the internet) takes its first address,"
                    + " the node's public interface the second, floating pools the rest (default ${DEFAULT-VALUE})")
    String publicRange;

    @Mixin GlobalOptions global;

    /** Counted down to stop the pool; the JVM's shutdown (Ctrl-C) does it too. */
    final CountDownLatch stopSignal = new CountDownLatch(1);

    @Override
    public void run() {
        SimulatorConfig config = config();
        if (!config.nics().contains(trunkNic)) {
            throw new InvalidInputException("--trunk-nic", "must be one of --nics",
                    "--trunk-nic " + trunkNic + " is not one of the NICs " + config.nics());
        }
        if (netnode && datapath != Datapath.ovs) {
            throw new InvalidInputException("--netnode", "needs --datapath ovs",
                    "--netnode: needs --datapath ovs (the node's legs go on the simulated pool's trunk switch)");
        }
        Cidr range = Cidr.parse("--public-range", publicRange);
        Closer running = new Closer("xenvlan sim");
        OvsDataPlane plane;
        PoolSimulator sim;
        SimNetworkNode node;
        try {
            plane = running.add(datapath == Datapath.ovs ? startDataPlane() : null);
            sim = running.add(startPool(plane == null ? config : config(plane)));
            node = running.add(netnode ? SimNetworkNode.start(global, plane, range) : null);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            running.close();
            stopSignal.countDown();
        }, "xenvlan-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        summary(sim, config, passwordFile == null, out);
        if (plane != null) {
            dataPlaneSummary(sim, plane, out);
            if (node != null) {
                node.summary(plane, out);
            } else {
                out.println("  network node  --netnode runs xenvlan's; or put one access port per VLAN on the trunk bridge, e.g. from"
                        + " namespace " + plane.trunk().namespace() + ": ovs-vsctl --db=" + plane.trunk().ovsDb() + " add-port "
                        + plane.trunk().bridge() + " PORT tag=VLAN");
            }
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
        try {
            stopSignal.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the pool itself
            }
        }
    }

    private OvsDataPlane startDataPlane() {
        if (netnode) {
            DataplaneRequirements.check("--datapath ovs --netnode", Prerequisites.SWITCHES, Prerequisites.NETWORK_NODE,
                    DataplaneRequirements.FLOATING);
        }
        DataplaneRequirements.check("--datapath ovs", Prerequisites.SWITCHES);
        RunTag tag = RunTag.random(new SecureRandom());
        Path dir;
        try {
            dir = Files.createTempDirectory("xenvlan-sim-" + tag + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return OvsDataPlane.start(OvsDataPlaneConfig.of(tag, dir).withTrunkNic(trunkNic));
    }

    private PoolSimulator startPool(SimulatorConfig config) {
        try {
            return PoolSimulator.start(config);
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--bind", "must be an address of this machine", "--bind " + bind + " is not an address");
        } catch (IOException e) {
            throw new InvalidInputException("--port", "must be free",
                    "cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    static void dataPlaneSummary(PoolSimulator sim, OvsDataPlane plane, PrintWriter out) {
        out.println("Data plane: Open vSwitch (userspace datapath) in network namespaces, tag " + plane.tag()
                + "; all of it goes when the simulator stops.");
        out.println("  trunk switch  namespace " + plane.trunk().namespace() + ", bridge " + plane.trunk().bridge()
                + ", OVSDB " + plane.trunk().ovsDb());
        for (SimHost h : sim.hosts()) {
            out.println("  host          " + h.name() + ": namespace " + plane.hostNamespace(h.uuid()).orElse("?")
                    + " (its own Open vSwitch: xenbrN, xapiN fake bridges, vif<domid>.<device> ports), trunk port "
                    + plane.trunkPort(h.uuid()).orElse("(none)"));
        }
        out.println("  VMs           a running VM is namespace " + plane.tag() + "-<vm name>, its VIFs eth<device>:"
                + " ip netns exec " + plane.tag() + "-vm1 ip addr");
    }

    SimulatorConfig config() {
        return config(DataPlane.NONE);
    }

    SimulatorConfig config(DataPlane dataPlane) {
        if (latencyMs < 0) {
            throw InvalidInputException.of("--latency-ms", "must not be negative");
        }
        try {
            return SimulatorConfig.builder().bindAddress(bind).port(port).hosts(hosts).nics(nics).vms(vms).user(user)
                    .password(passwordFile == null ? SimulatorConfig.DEFAULT_PASSWORD : readPassword(passwordFile))
                    .latency(Duration.ofMillis(latencyMs)).failRate(failRate).seed(seed).dataPlane(dataPlane).tls(tls()).build();
        } catch (InvalidSettingException e) {
            String option = OPTION_OF_SETTING.getOrDefault(e.setting(), e.setting());
            throw new InvalidInputException(option, e.rule(), option + " " + e.rule());
        }
    }

    /** The HTTPS context from --tls-keystore, or null for plain HTTP. */
    private SSLContext tls() {
        if (tlsKeystore == null) {
            if (tlsPasswordFile != null) {
                throw InvalidInputException.of("--tls-password-file", "needs --tls-keystore");
            }
            return null;
        }
        if (tlsPasswordFile == null) {
            throw InvalidInputException.of("--tls-keystore", "needs --tls-password-file");
        }
        char[] password = readPassword(tlsPasswordFile, "--tls-password-file").toCharArray();
        try (InputStream in = Files.newInputStream(tlsKeystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException("--tls-keystore", "must be a PKCS12 keystore readable with the password",
                    "--tls-keystore " + tlsKeystore + " cannot be used (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The first line of the file; never printed anywhere. */
    private static String readPassword(Path file) {
        return readPassword(file, "--password-file");
    }

    private static String readPassword(Path file, String option) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(option, "must be a readable file",
                    option + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(option, "must be UTF-8 text", option + " " + file + " is not UTF-8 text");
        }
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new InvalidInputException(option, "must not be empty", option + " " + file + " has an empty first line");
        }
        return lines.get(0);
    }

    private static String hostName(PoolSimulator sim, Object hostRef) {
        return sim.hosts().stream().filter(h -> h.ref().equals(hostRef)).map(SimHost::name).findFirst().orElse("no host");
    }

    static void summary(PoolSimulator sim, SimulatorConfig config, boolean defaultPassword, PrintWriter out) {
        out.println("xenvlan sim: a simulated XenServer / XCP-ng pool is running (XenAPI; nothing here is a real host).");
        out.println("  XML-RPC   " + sim.url());
        out.println("  JSON-RPC  " + sim.jsonRpcUrl());
        out.println("  stats     " + sim.statsUrl());
        out.println("  login     user " + config.user() + ", password "
                + (defaultPassword ? "\"" + SimulatorConfig.DEFAULT_PASSWORD
                        + "\" (the simulator's built-in default; choose one with --password-file)"
                        : "from the password file"));
        for (SimHost h : sim.hosts()) {
            out.println("  host      " + h.name() + (h.master() ? "  master  " : "  member  ") + h.url()
                    + (h.master() ? "" : "  (answers HOST_IS_SLAVE " + sim.masterAddress() + ")"));
        }
        for (int i = 0; i < config.nics().size(); i++) {
            out.println("  network   xenbr" + i + " \"Pool-wide network " + i + "\" on " + config.nics().get(i) + " of every host");
        }
        out.println("  VMs       " + config.vms() + " running guests (plus a control domain per host, templates"
                + (config.vms() > 0 ? " and a snapshot of vm1" : "") + ", as on a real pool)");
        sim.guests().values().forEach(vm -> out.println("  vm        " + vm.get("name_label") + "  " + vm.get("uuid") + "  on "
                + hostName(sim, vm.get("resident_on"))));
        out.println("  faults    latency " + config.latency().toMillis() + " ms, fail rate " + config.failRate()
                + " of mutating calls, seed " + config.seed());
    }
}
