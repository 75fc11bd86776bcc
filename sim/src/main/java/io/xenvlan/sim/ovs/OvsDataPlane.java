package io.xenvlan.sim.ovs;

import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.PifPort;
import io.xenvlan.sim.VifPort;
import io.xenvlan.sim.VmPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real data plane behind the simulated pool, built the way XenServer's Open vSwitch backend
 * builds it (shared/reference/xenapi-semantics.md):
 * <ul>
 * <li>each host is a network namespace {@code <tag>-<host>} with an Open vSwitch of its own
 *     (userspace datapath); a plugged physical PIF is its bridge {@code xenbrN}, and the trunk
 *     NIC ({@code eth1}) is a veth cabled to a port {@code <tag>t<n>} of the trunk switch;</li>
 * <li>a plugged VLAN PIF is a fake bridge: {@code ovs-vsctl add-br xapiN xenbrM TAG};</li>
 * <li>a running VM is a namespace {@code <tag>-<vm>}; a plugged VIF is a veth
 *     {@code vif<domid>.<device>} on the network's bridge of the host, whose other end is
 *     {@code eth<device>} in the VM's namespace with the VIF's MAC and MTU; unplug removes it.</li>
 * </ul>
 * TX checksum offload is off on every veth end (the userspace datapath leaves partial UDP
 * checksums that DHCP clients drop). Nothing goes in the root namespace: every interface lives in
 * a namespace whose name starts with the run's tag. {@link #close} (also run by a shutdown hook)
 * kills what runs in those namespaces, stops every switch, deletes the namespaces and the files.
 *
 * <p>The simulator calls it synchronously inside the XenAPI call; a failure fails the call.
 */
public final class OvsDataPlane implements DataPlane, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsDataPlane.class);
    private static final Pattern SIMPLE = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final Pattern ALLOWED = Pattern.compile("[0-9A-Fa-f.:]{2,39}(/[0-9]{1,3})?");
    private static final Pattern BRIDGE = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,14}");

    private final OvsDataPlaneConfig config;
    private final Namespaces namespaces = new Namespaces();
    private final Map<String, HostNode> hosts = new LinkedHashMap<>();
    private final Map<String, String> vmNamespaces = new ConcurrentHashMap<>();
    private final Thread shutdownHook = new Thread(this::cleanUp, "xenvlan-ovs-dataplane-cleanup");
    private OvsDaemons switchDaemons;
    private TrunkSwitch trunk;
    private Path dhcpScript;
    private boolean closed;
    private long vifPlugs;
    private long vifPlugNanos;

    private OvsDataPlane(OvsDataPlaneConfig config) {
        this.config = config;
    }

    /**
     * Starts the data plane: its trunk switch (unless the configuration names one) and the
     * DHCP client script; hosts come up as the simulator plugs their PIFs.
     *
     * @throws DataPlaneException when a command fails (everything made so far is removed)
     */
    public static OvsDataPlane start(OvsDataPlaneConfig config) {
        OvsDataPlane plane = new OvsDataPlane(config);
        Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
        try {
            Files.createDirectories(config.workDir());
            plane.dhcpScript = GuestConsole.writeScript(config.workDir());
            plane.trunk = config.trunk().orElseGet(plane::startSwitch);
        } catch (IOException | RuntimeException e) {
            plane.close();
            throw e instanceof DataPlaneException d ? d : new DataPlaneException("data plane start failed: " + e.getMessage(), e);
        }
        return plane;
    }

    private TrunkSwitch startSwitch() {
        String ns = namespaces.add(config.tag().namespace("sw"));
        switchDaemons = OvsDaemons.start(config.workDir().resolve("switch"), ns);
        String bridge = config.tag().interfaceName("trunk");
        switchDaemons.vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev");
        return new TrunkSwitch(ns, switchDaemons.db(), bridge);
    }

    public RunTag tag() {
        return config.tag();
    }

    /** The switch the hosts' trunk NICs are cabled to: where a network node puts its VLAN legs. */
    public TrunkSwitch trunk() {
        return trunk;
    }

    /** The namespace of a host that has come up, by host uuid. */
    public synchronized Optional<String> hostNamespace(String hostUuid) {
        return Optional.ofNullable(hosts.get(hostUuid)).map(h -> h.namespace);
    }

    /** The switch-side port name of a host's trunk cable, in {@link TrunkSwitch#namespace()}. */
    public synchronized Optional<String> trunkPort(String hostUuid) {
        return Optional.ofNullable(hosts.get(hostUuid)).filter(h -> h.trunkCabled())
                .map(h -> config.tag().interfaceName("t" + h.index));
    }

    /** The namespace of a running VM, by VM uuid. */
    public Optional<String> vmNamespace(String vmUuid) {
        return Optional.ofNullable(vmNamespaces.get(vmUuid));
    }

    /** The console of a running VM: its DHCP client and ping. @throws DataPlaneException when the VM is not running */
    public GuestConsole guest(String vmUuid) {
        String ns = vmNamespace(vmUuid).orElseThrow(() -> new DataPlaneException("VM " + vmUuid + " is not running"));
        return new GuestConsole(ns, dhcpScript);
    }

    /**
     * Creates namespace {@code <tag>-<suffix>} (loopback up, IPv6 off) for another part of the
     * lab, such as a network node; {@link #close} kills what runs in it and deletes it with the
     * others. (A namespace must be made from the root namespace: one made from inside another
     * namespace, with {@code ip netns exec}, is not usable.)
     */
    public synchronized String createNamespace(String suffix) {
        return namespaces.add(config.tag().namespace(suffix));
    }

    /** Runs ovs-vsctl against a host's switch (for inspection). */
    synchronized ExecResult hostVsctl(String hostUuid, String... args) {
        HostNode host = hosts.get(hostUuid);
        if (host == null) {
            throw new DataPlaneException("host " + hostUuid + " has no data plane yet");
        }
        return host.ovs.vsctlQuery(args);
    }

    @Override
    public synchronized void pifPlugged(PifPort pif) {
        HostNode host = host(pif.hostUuid(), pif.hostName());
        String bridge = bridgeName(pif.bridge());
        if (pif.vlan() >= 0) {
            host.fakeBridge(bridge, bridgeName(pif.parentBridge()), pif.vlan());
            return;
        }
        host.ensureBridge(bridge);
        if (pif.device().equals(config.trunkNic())) {
            host.cableTrunk(config.trunkNic(), pif.mtu(), bridge, config.tag().interfaceName("t" + host.index), trunk);
        }
    }

    @Override
    public synchronized void pifUnplugged(PifPort pif) {
        HostNode host = hosts.get(pif.hostUuid());
        if (host == null) {
            return;
        }
        if (pif.vlan() >= 0) {
            host.removeFakeBridge(bridgeName(pif.bridge()));
        } else if (pif.device().equals(config.trunkNic()) && host.trunkCabled()) {
            host.linkDown(config.trunkNic());
        }
    }

    @Override
    public synchronized void vmStarted(VmPort vm) {
        host(vm.hostUuid(), vm.hostName());
        vmNamespace(vm.vmUuid(), vm.vmName());
    }

    @Override
    public synchronized void vmStopped(VmPort vm) {
        String ns = vmNamespaces.remove(vm.vmUuid());
        if (ns != null) {
            namespaces.delete(ns);
        }
    }

    @Override
    public synchronized void vifPlugged(VifPort vif) {
        long start = System.nanoTime();
        HostNode host = host(vif.hostUuid(), vif.hostName());
        String vmUuid = checked(UUID, vif.vmUuid(), "VM uuid");
        String vifUuid = checked(UUID, vif.vifUuid(), "VIF uuid");
        String mac = checked(MAC, vif.mac(), "MAC");
        vif.locking().ipv4Allowed().forEach(a -> checked(ALLOWED, a, "allowed address"));
        vif.locking().ipv6Allowed().forEach(a -> checked(ALLOWED, a, "allowed address"));
        host.plugVif(backendName(vif), "eth" + checked(DIGITS, vif.device(), "device"), vmNamespace(vmUuid, vif.vmName()),
                bridgeName(vif.bridge()), mac, vif.mtu(), List.of("attached-mac=" + mac, "iface-id=" + vifUuid,
                        "xs-vif-uuid=" + vifUuid, "xs-vm-uuid=" + vmUuid, "vm-id=" + vmUuid, "iface-status=active"),
                vif.locking());
        vifPlugs++;
        vifPlugNanos += System.nanoTime() - start;
    }

    /** New locking for a plugged VIF: its port and filtering rules are redone, as XenServer's vif script does. */
    @Override
    public synchronized void vifLockingChanged(VifPort vif) {
        HostNode host = hosts.get(vif.hostUuid());
        if (host == null) {
            throw new DataPlaneException("host " + vif.hostName() + " has no data plane yet");
        }
        checked(MAC, vif.mac(), "MAC");
        vif.locking().ipv4Allowed().forEach(a -> checked(ALLOWED, a, "allowed address"));
        vif.locking().ipv6Allowed().forEach(a -> checked(ALLOWED, a, "allowed address"));
        host.refilter(backendName(vif), vif.locking());
    }

    @Override
    public synchronized void vifUnplugged(VifPort vif) {
        HostNode host = hosts.get(vif.hostUuid());
        if (host != null) {
            host.unplugVif(backendName(vif));
        }
    }

    /** VIFs plugged so far and the time their plumbing took, in total (for benchmarks). */
    public synchronized PlugTimes vifPlugTimes() {
        return new PlugTimes(vifPlugs, Duration.ofNanos(vifPlugNanos));
    }

    /** @param count how many VIFs were plugged  @param total the time spent plumbing them */
    public record PlugTimes(long count, Duration total) {
    }

    private HostNode host(String uuid, String name) {
        HostNode existing = hosts.get(uuid);
        if (existing != null) {
            return existing;
        }
        int index = hosts.size() + 1;
        String ns = config.tag().namespace(SIMPLE.matcher(name).matches() ? name : "h" + index);
        if (namespaces.contains(ns)) {
            ns = config.tag().namespace("h" + index);
        }
        namespaces.add(ns);
        OvsDaemons ovs = OvsDaemons.start(config.workDir().resolve("host" + index), ns);
        HostNode host = new HostNode(uuid, name, index, ns, ovs);
        hosts.put(uuid, host);
        LOG.info("data plane: host {} is namespace {} with its own Open vSwitch", name, ns);
        return host;
    }

    private String vmNamespace(String vmUuid, String vmName) {
        String existing = vmNamespaces.get(vmUuid);
        if (existing != null) {
            return existing;
        }
        String ns = config.tag().namespace(SIMPLE.matcher(vmName).matches() ? vmName : "vm-" + vmUuid.substring(0, 8));
        if (namespaces.contains(ns)) {
            ns = config.tag().namespace("vm-" + vmUuid.substring(0, 8));
        }
        namespaces.add(ns);
        vmNamespaces.put(vmUuid, ns);
        return ns;
    }

    /** xapi's name for a VIF's backend interface: {@code vif<domid>.<device>}. */
    static String backendName(VifPort vif) {
        return "vif" + vif.domid() + "." + checked(DIGITS, vif.device(), "device");
    }

    private static String checked(Pattern shape, String value, String what) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new DataPlaneException("VIF " + what + " is not usable here: " + value);
        }
        return value;
    }

    private static String bridgeName(String bridge) {
        if (!BRIDGE.matcher(bridge).matches()) {
            throw new DataPlaneException("not a usable bridge name: " + bridge);
        }
        return bridge;
    }

    /** The simulator stops: the data plane goes with it. */
    @Override
    public void poolStopped() {
        close();
    }

    /** Removes everything: processes in the namespaces, every switch, the namespaces, the files. */
    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook is running (or has run) the clean-up
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        for (HostNode host : hosts.values()) {
            Namespaces.killProcessesIn(host.namespace);
            host.ovs.stop();
        }
        vmNamespaces.values().forEach(Namespaces::killProcessesIn);
        if (switchDaemons != null) {
            switchDaemons.stop();
        }
        namespaces.deleteAll();
        if (trunk != null && config.trunk().isPresent()) {
            hosts.values().stream().filter(h -> h.trunkCabled()).forEach(h -> Exec.run(List.of("ovs-vsctl", "--timeout=10",
                    "--db=" + trunk.ovsDb(), "--if-exists", "del-port", config.tag().interfaceName("t" + h.index))));
        }
        hosts.clear();
        vmNamespaces.clear();
        deleteTree(config.workDir());
    }

    private static void deleteTree(Path dir) {
        if (Boolean.getBoolean("xenvlan.dataplane.keepDir") || !Files.exists(dir)) {
            return; // -Dxenvlan.dataplane.keepDir=true keeps the switches' logs for a post-mortem
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
