package io.xenvlan.netnode;

import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.netnode.PublicationWait;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.netnode.dataplane.DhcpAnswer;
import io.xenvlan.netnode.dataplane.PublicSide;
import io.xenvlan.netnode.floating.FloatingNode;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.store.JdbcGuestStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Two network nodes, each in its own namespace ("machine") on one trunk and with its own connection
 * pool, on one shared store (PostgreSQL), serving network 131 (with the metadata service) to one VM
 * that holds its address and routes through its gateway, with a floating IP; both nodes' public
 * interfaces on one public segment with an outside host ({@link PublicSide#segment}):
 * the topology of the failover data-plane test and of the failover benchmark. {@link #kill} makes a
 * node's machine die (renewals stop, every process in its namespace gets SIGKILL, the namespace and
 * its legs go); {@link #revive} starts it again on an empty namespace of the same name.
 */
public final class TwoNodeFailover implements AutoCloseable {
    /** The VLAN of the served network. */
    public static final int VLAN = 131;

    /** One node: its name, namespace, state directory, port prefix, store and (while alive) role. */
    public final class Node {
        private final String name;
        private final String nsSuffix;
        private final String ns;
        private final Path state;
        private final String portPrefix;
        private final JdbcStore store;
        private final String publicSuffix;
        private final String publicAddress;
        private String publicInterface;
        private NetworkNodeRole role;
        private FloatingNode floating;

        private Node(String name, String nsSuffix, String portPrefix, String publicSuffix, String publicAddress) throws IOException {
            this.publicSuffix = publicSuffix;
            this.publicAddress = publicAddress;
            this.name = name;
            this.nsSuffix = nsSuffix;
            this.ns = plane.namespace(nsSuffix);
            this.state = Files.createDirectory(plane.dir().resolve("state-" + name));
            this.portPrefix = portPrefix;
            this.store = JdbcStore.open(storeConfig);
            stores.add(store);
        }

        private void start() {
            publicInterface = outside.cable(ns, publicSuffix, publicAddress);
            NetworkNodeConfig config = NetworkNodeConfig.builder(name, state).ovsDb(plane.ovsDb())
                    .trunkBridge(bench.trunkBridge).trunkInterface(plane.name("tb")).netns(ns).portPrefix(portPrefix)
                    .publicInterface(publicInterface).coalesceWindow(Duration.ofMillis(100)).nodeLease(lease).build();
            role = NetworkNodeRole.create(config, store, plane.runner(), Clock.systemUTC(), scheduler, p -> { },
                    JdbcGuestStore.on(store, Clock.systemUTC()), MetadataConfig.defaults(), DnsSettings.defaults());
            roles.add(role);
            role.start();
            floating = FloatingNode.create(config, JdbcFloatingStore.on(store, Clock.systemUTC()), plane.runner(), scheduler,
                    role.node()::served);
            floating.fencedBy(role.deadMan());
            floatings.add(floating);
            floating.start();
        }

        public String name() {
            return name;
        }

        public String namespace() {
            return ns;
        }

        /** The running role (the last one started). */
        public NetworkNodeRole role() {
            return role;
        }

        /** Whether this node's running role serves the network. */
        public boolean serves() {
            return role != null && role.node().served().contains(network.id());
        }

        /** This node's leg on the network (in its namespace). */
        public String leg() {
            return portPrefix + "g" + VLAN;
        }

        /** The MAC address of this node's leg. */
        public String legMac() {
            return inNs(ns, "cat", "/sys/class/net/" + leg() + "/address").trim();
        }

        /** The dnsmasq lease file this node keeps for the network. */
        public Path leaseFile() {
            return role.node().fleet().directory(network.id()).resolve("leases");
        }
    }

    private final NodeBench bench;
    private final DataPlane plane;
    private final StoreConfig storeConfig;
    private final Duration lease;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4);
    private final List<JdbcStore> stores = new ArrayList<>();
    private final List<NetworkNodeRole> roles = new ArrayList<>();
    private final List<FloatingNode> floatings = new ArrayList<>();
    private final PublicSide outside;
    private final String floatingIp;
    private final NodeBench.Run run;
    private final Network network;
    private final Allocation vm;
    private final Node a;
    private final Node b;
    private final String vmNs;

    private TwoNodeFailover(NodeBench bench, StoreConfig storeConfig, Duration lease) throws IOException {
        this.bench = bench;
        this.plane = bench.plane;
        this.storeConfig = storeConfig;
        this.lease = lease;
        this.run = bench.openRun(Optional.of(storeConfig));
        this.network = run.network(VLAN, "10.83.1.0/24", 256);
        this.vm = run.manager.allocate(ProjectId.of("project-" + VLAN), InstanceId.of("vm-1"), Optional.empty());
        this.outside = PublicSide.segment(plane);
        FloatingIps fips = new FloatingIps(JdbcFloatingStore.on(run.store, Clock.systemUTC()), run.store, new FloatingConfig(10, false));
        fips.createPool(FloatingPool.parse("public", "203.0.113.64/26", Optional.empty()));
        this.a = new Node("node-a", "na", plane.tag() + "a", "a", "203.0.113.2/24");
        this.b = new Node("node-b", "nb", plane.tag() + "b", "b", "203.0.113.3/24");
        a.start();
        PublicationWait.polling(run.store).await(network.id(), run.store.changeSequence(), Duration.ofSeconds(30));
        b.start();
        this.vmNs = plane.vm("v1", bench.hostBridge, VLAN, vm.mac());
        DhcpAnswer first = plane.dhcp("v1");
        if (!first.ip().equals(vm.address())) {
            throw new IllegalStateException("the VM was given " + first.ip() + ", not its address " + vm.address());
        }
        inNs(vmNs, "ip", "addr", "add", vm.address() + "/24", "dev", plane.vmInterface("v1"));
        inNs(vmNs, "ip", "route", "add", "default", "via", network.gateway().toString());
        this.floatingIp = fips.allocate(ProjectId.of("project-" + VLAN), Optional.empty()).address().toString();
        fips.associate(Ipv4Address.parse(floatingIp), new AssociationTarget.FixedAddress(vm.address()));
    }

    /**
     * Starts the bench on {@code storeConfig} (an empty PostgreSQL database): node a serves the
     * network, node b runs beside it, the VM holds its address (by DHCP, then configured).
     */
    public static TwoNodeFailover start(StoreConfig storeConfig, Duration lease) {
        NodeBench bench = NodeBench.start();
        try {
            return new TwoNodeFailover(bench, storeConfig, lease);
        } catch (IOException e) {
            bench.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
    }

    public DataPlane plane() {
        return plane;
    }

    /** The store the VLAN manager writes (the "API server's" pool). */
    public JdbcStore store() {
        return run.store;
    }

    public Network network() {
        return network;
    }

    public Allocation vm() {
        return vm;
    }

    public String vmNamespace() {
        return vmNs;
    }

    public Node a() {
        return a;
    }

    public Node b() {
        return b;
    }

    /** The node whose running role serves the network, if one does. */
    public Optional<Node> serving() {
        return a.serves() ? Optional.of(a) : b.serves() ? Optional.of(b) : Optional.empty();
    }

    /** The other node. */
    public Node other(Node node) {
        return node == a ? b : a;
    }

    /**
     * The node's machine dies: its renewals stop, every process in its namespace gets SIGKILL and
     * the namespace goes with its legs. Returns {@link System#nanoTime()} at the first SIGKILL.
     */
    public long kill(Node node) {
        node.floating.close();
        node.role.leaveServing();
        long t0 = System.nanoTime();
        for (String pid : plane.run("ip", "netns", "pids", node.ns).stdout().split("\\s+")) {
            if (pid.matches("[0-9]+")) {
                plane.runner().run(Command.change("kill", "-9", pid));
            }
        }
        plane.run("ip", "netns", "del", node.ns);
        node.role = null;
        node.floating = null;
        return t0;
    }

    /** The node's machine comes back: an empty namespace of the same name, the node started again. */
    public void revive(Node node) {
        plane.namespace(node.nsSuffix);
        node.start();
    }

    /** The VM's floating IP (pool 203.0.113.64/26 on the nodes' public segment). */
    public String floatingIp() {
        return floatingIp;
    }

    /** Whether the VM answers a ping from the outside host to its floating IP. */
    public boolean floatingAnswers() {
        return outside.ping(floatingIp);
    }

    /** Whether the VM's gateway answers one ping within a second. */
    public boolean gatewayAnswers() {
        CommandResult r = plane.runner().run(Command.change("ip", "netns", "exec", vmNs, "ping", "-c", "1", "-W", "1",
                network.gateway().toString()));
        return r.exitCode() == 0;
    }

    /** Whether the VM's request for its own address gets that address within about 2 s. */
    public boolean renewsItsAddress() {
        return plane.dhcpAgain("v1", vm.address()).map(DhcpAnswer::ip).filter(vm.address()::equals).isPresent();
    }

    /** What the metadata service tells the VM its instance id is, or empty when no answer came within 2 s. */
    public Optional<String> metadataInstanceId() {
        CommandResult r = plane.attempt("ip", "netns", "exec", vmNs, "curl", "-s", "-f", "-m", "2",
                "http://169.254.169.254/latest/meta-data/instance-id");
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    /** The MAC address the VM's neighbour table holds for its gateway, or "" when it has none. */
    public String gatewayNeighbour() {
        String out = inNs(vmNs, "ip", "neigh", "show", network.gateway().toString());
        int i = out.indexOf("lladdr ");
        return i < 0 ? "" : out.substring(i + 7).split("\\s+")[0];
    }

    /** The gateway's address. */
    public Ipv4Address gateway() {
        return network.gateway();
    }

    private String inNs(String ns, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return plane.run(all.toArray(String[]::new)).stdout();
    }

    @Override
    public void close() {
        try {
            floatings.forEach(FloatingNode::close);
            roles.forEach(NetworkNodeRole::close);
            scheduler.shutdownNow();
            stores.forEach(JdbcStore::close);
            run.close();
        } finally {
            bench.close();
        }
    }
}
