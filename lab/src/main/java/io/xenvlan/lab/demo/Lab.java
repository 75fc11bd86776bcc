package io.xenvlan.lab.demo;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.hypervisor.AttachedVif;
import io.xenvlan.core.hypervisor.AttachRequest;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimHost;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.sim.ovs.DataPlaneException;
import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.OvsDataPlane;
import io.xenvlan.sim.ovs.OvsDataPlaneConfig;
import io.xenvlan.server.ComputeSide;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.compute.GuestAttachments;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcGuestStore;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import io.xenvlan.store.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * xenvlan all in one, wired the way the product wires it, against a simulated pool: the VLAN
 * manager on an embedded H2 database in a fresh state directory, the compute side talking
 * XenAPI (JSON-RPC over loopback HTTP) to a {@link PoolSimulator}, and a network node, either
 * report-only (it writes its dnsmasq files and records the commands it would run) or real (its
 * legs on the simulated pool's trunk switch, dnsmasq in namespace {@code <tag>-nn}) over an
 * {@link OvsDataPlane}. The demo, the acceptance test and the attach benchmark all run on it.
 */
public final class Lab implements AutoCloseable {
    /** The pool's name in xenvlan. */
    public static final PoolName POOL = PoolName.of("demo");
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    /** The SSH key every demo VM is given (a well-formed ed25519 public key; public keys are no secret). */
    static final String DEMO_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g demo@xenvlan";

    private final LabConfig config;
    private final Path stateDir;
    /** What the lab started, stopped last first. */
    private final Closer closer = new Closer("xenvlan demo");
    private final ServerMetrics metrics = new ServerMetrics();
    private final Thread shutdownHook = new Thread(this::closeAll, "xenvlan-lab-cleanup");
    private JdbcStore store;
    private VlanManager manager;
    private OvsDataPlane plane;
    private PoolSimulator sim;
    private LabNetworkNode netnode;
    private PublicationWait publications;
    private FloatingIps floating;
    private GuestAttachments guestAttachments;
    private final List<DemoVm> vms = new ArrayList<>();
    private boolean closed;
    private final Optional<StoreConfig> shared;

    private Lab(LabConfig config, Path stateDir, Optional<StoreConfig> shared) {
        this.config = config;
        this.stateDir = stateDir;
        this.shared = shared;
    }

    /**
     * Builds everything and starts the VMs (they run before anything is attached to them).
     *
     * @throws io.xenvlan.sim.ovs.DataPlaneException or a xenvlan error when a part cannot start;
     *         what was built is removed
     */
    public static Lab start(LabConfig config, Progress progress) {
        return start(config, progress, Optional.empty());
    }

    /** As {@link #start(LabConfig, Progress)}, on {@code shared} (PostgreSQL) instead of an embedded store when given. */
    static Lab start(LabConfig config, Progress progress, Optional<StoreConfig> shared) {
        Path dir;
        try {
            dir = Files.createTempDirectory("xenvlan-demo-");
            // dnsmasq reads its files as an unprivileged user: the state directory must be reachable
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Lab lab = new Lab(config, dir, shared);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build(progress);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build(Progress progress) {
        progress.step("state directory " + stateDir + shared.map(c -> " (database " + c.describe() + "; dnsmasq files)")
                .orElse(" (embedded H2 database in store/, dnsmasq files)"));
        // the store's own directory is 0700; dnsmasq's files stay where it can read them
        store = closer.add(shared.map(JdbcStore::open).orElseGet(() -> EmbeddedStore.open(stateDir.resolve("store"))));
        manager = ServiceWiring.manager(store, metrics, Clock.systemUTC());
        floating = ServiceWiring.floating(store, Clock.systemUTC(), FloatingConfig.defaults());
        publications = PublicationWait.polling(store);
        if (config.dataplane()) {
            plane = closer.add(OvsDataPlane.start(OvsDataPlaneConfig.of(config.tag(), stateDir.resolve("dataplane"))));
            progress.step("data plane: trunk switch " + plane.trunk().bridge() + " in namespace " + plane.trunk().namespace()
                    + "; every host a namespace with its own Open vSwitch, every VM a namespace");
        }
        startPool(progress);
        startNetworkNode(progress);
        startVms(progress);
    }

    private void startPool(Progress progress) {
        try {
            sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(config.hosts()).vms(0)
                    .dataPlane(plane == null ? DataPlane.NONE : plane).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        closer.add(sim);
        progress.step("simulated pool of " + config.hosts() + " hosts (XenAPI on " + sim.url() + ", master "
                + sim.master().name() + ")");
        Path password = stateDir.resolve("pool-password");
        try {
            Files.writeString(password, SimulatorConfig.DEFAULT_PASSWORD + "\n");
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JdbcPoolStore pools = JdbcPoolStore.on(store, Clock.systemUTC());
        pools.addPool(new PoolSettings(POOL, sim.url(), "root", new PasswordSource.File(password), VifDriver.BRIDGE,
                Optional.empty(), PoolTls.system()));
        // as the server wires it: metered, DHCP readiness (the VIF only once the node serves its entry), floating auto-assignment
        guestAttachments = closer.add(ComputeSide.on(store, manager, metrics).poolSecrets(stateDir).dhcpWait(PUBLISH_TIMEOUT)
                .floating(ServiceWiring.attachFloating(floating)).start()).guestAttachments();
        progress.step("xenvlan pool add --name " + POOL + " --url " + sim.url() + " --user root --password-file "
                + password);
    }

    private void startNetworkNode(Progress progress) {
        netnode = closer.add(LabNetworkNode.start(config.tag(), stateDir, store, JdbcGuestStore.on(store, Clock.systemUTC()),
                Optional.ofNullable(plane)));
        progress.step(plane == null
                ? "network node in REPORT-ONLY mode: it writes its dnsmasq files, runs nothing, and reports the commands it would run"
                : "network node in namespace " + netnode.namespace() + ", its VLAN legs on trunk bridge " + plane.trunk().bridge());
    }

    private void startVms(Progress progress) {
        List<SimHost> hosts = sim.hosts();
        for (int p = 0; p < config.projects().size(); p++) {
            String project = config.projects().get(p);
            for (int i = 0; i < config.vmsPerProject(); i++) {
                SimHost host = hosts.get((p + i) % hosts.size());
                String name = project + "-vm" + (i + 1);
                String ref = sim.addVm(name);
                sim.startVm(ref, host.ref());
                vms.add(new DemoVm(project, name, (String) sim.record(ref).get("uuid"), host.name(), host.uuid()));
            }
        }
        progress.step(vms.size() + " VMs of " + config.projects().size() + " projects running on the pool's hosts");
    }

    /** {@code xenvlan network create}: {@code count} networks of 256 addresses from 10.20.0.0/16, VLANs from 100. */
    public List<Network> createNetworks(int count) {
        return manager.createNetworks(NetworkRequest.of("demo", "10.20.0.0/16").withCount(count, 256).withVlanStart(100));
    }

    /**
     * {@code xenvlan vif attach --project P --pool demo --vm UUID}: the product's attach flow, then a
     * wait until the network node confirms the VM's DHCP entry is live.
     */
    public AttachedVm attach(DemoVm vm) {
        // as vif attach --ssh-key-file F: the demo's key, and the VM's name label as its default host name
        AttachRequest request = new AttachRequest(ProjectId.of(vm.project()), POOL, InstanceId.of(vm.uuid()), 0, OptionalLong.empty(), true);
        GuestAttachments.Attached a = guestAttachments.attach(request, GuestRequest.of(null, List.of(DEMO_KEY), null));
        AttachedVif attached = a.vif();
        GuestProfile profile = a.guest().profile().orElseThrow();
        publications.await(attached.network().id(), store.changeSequence(), PUBLISH_TIMEOUT);
        String networkRef = attached.vif().networkRef();
        return new AttachedVm(vm, attached.vif().mac().toString(), attached.address().toString(), attached.network(),
                networkRef, (String) sim.record(networkRef).get("bridge"), attached.vif().device(), profile);
    }

    /** {@code xenvlan vif detach}: VIF unplugged and destroyed, address released, lease released by the node. */
    void detach(AttachedVm vm) {
        guestAttachments.detach(Optional.empty(), POOL, InstanceId.of(vm.vm().uuid()));
        publications.await(vm.network().id(), store.changeSequence(), PUBLISH_TIMEOUT);
    }

    /** Gives the project its network now and waits until the network node serves it (leg, dnsmasq). */
    public Network serve(String project) {
        Network network = manager.associate(ProjectId.of(project), Optional.empty());
        publications.await(network.id(), store.changeSequence(), PUBLISH_TIMEOUT);
        return network;
    }

    /** Floating IPs on the lab's store ({@code xenvlan floating ...}). */
    FloatingIps floating() {
        return floating;
    }

    /** The internet cabled to the network node's public interface, on a data plane. */
    public Optional<OutsideHost> outside() {
        return netnode.outside();
    }

    /** The namespace of a running VM. */
    String vmNamespace(AttachedVm vm) {
        return dataPlane().flatMap(p -> p.vmNamespace(vm.vm().uuid()))
                .orElseThrow(() -> new DataPlaneException("VM " + vm.vm().name() + " has no namespace"));
    }

    /** The namespace of the network node (legs, gateway, dnsmasq). */
    public String networkNodeNamespace() {
        return netnode.namespace();
    }

    /** The lab's network node. */
    LabNetworkNode networkNode() {
        return netnode;
    }

    /** The network node's leg on a network: the interface in its namespace that holds the DHCP server address. */
    public String legOf(Network network) {
        String out = Exec.check(List.of("ip", "-n", networkNodeNamespace(), "-o", "-4", "addr", "show", "to",
                network.dhcpServer() + "/32")).stdout().strip();
        String[] fields = out.split("\\s+");
        if (fields.length < 2) {
            throw new DataPlaneException("the network node has no interface with " + network.dhcpServer());
        }
        return fields[1];
    }

    public List<DemoVm> vms() {
        return List.copyOf(vms);
    }

    public PoolSimulator pool() {
        return sim;
    }

    VlanManager manager() {
        return manager;
    }

    /** The lab's metrics, as the server exports them on {@code /metrics}. */
    ServerMetrics metrics() {
        return metrics;
    }

    Path stateDir() {
        return stateDir;
    }

    /** The real data plane, when there is one. */
    public Optional<OvsDataPlane> dataPlane() {
        return Optional.ofNullable(plane);
    }

    /** The commands the report-only network node would have run, in order (empty with a real node). */
    public List<String> reportedCommands() {
        return netnode.reportedCommands();
    }

    /** The lease events dnsmasq reported through its {@code --dhcp-script}. */
    List<String> leaseEvents() {
        return netnode.leaseEvents();
    }

    /** The dnsmasq directory of a network ({@code hosts}, {@code opts}, {@code leases} files). */
    public Path dnsmasqDir(Network network) {
        return netnode.dnsmasqDirectory(network.id());
    }

    /** XenAPI calls per method the pool received, read from the simulator's {@code GET /stats}. */
    public URI statsUrl() {
        return sim.statsUrl();
    }

    /** Stops the network node, the pool and its data plane, and removes the state directory. */
    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook does the clean-up
        }
    }

    private synchronized void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        closer.close();
        deleteTree(stateDir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("xenvlan demo: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
