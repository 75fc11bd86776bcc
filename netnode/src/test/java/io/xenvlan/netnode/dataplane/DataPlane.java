package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.exec.NamespacedCommandRunner;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A private, throw-away data plane for tests (reusable by other modules through the netnode
 * test-jar), following shared/reference/dataplane-recipe.md: its own ovsdb-server and
 * ovs-vswitchd in a temporary directory, namespaces for nodes and VMs, veth pairs.
 *
 * <p>The userspace datapath makes one tap device {@code ovs-netdev} per network namespace, so
 * two ovs-vswitchd in one namespace clash. This one runs in its own "switch" namespace, which
 * plays the machine's root namespace: bridges and the switch-side veth ends live there, and
 * {@link #runner()} runs the code under test's commands there too. Nothing is created in the
 * real root namespace. Every name starts with a per-run tag; {@link #close} (also run by a
 * shutdown hook) kills what runs in its namespaces, stops both daemons, deletes the namespaces
 * (and with them every veth, tap and address) and the directory. Needs root, Open vSwitch,
 * dnsmasq, udhcpc and ethtool; fails (not skips) without them.
 */
public final class DataPlane implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String tag;
    private final Path dir;
    private final ProcessCommandRunner runner = new ProcessCommandRunner();
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
    private String switchNs;
    private final Thread hook = new Thread(this::cleanUp, "dataplane-cleanup");
    private boolean closed;

    private DataPlane(String tag, Path dir) {
        this.tag = tag;
        this.dir = dir;
    }

    /** Starts a private Open vSwitch (userspace datapath) under a fresh tag. */
    public static DataPlane start() {
        String tag = "x" + HexFormat.of().toHexDigits((byte) RANDOM.nextInt()) + Character.forDigit(RANDOM.nextInt(36), 36);
        Path dir;
        try {
            dir = Files.createTempDirectory("xvdp-" + tag + "-");
            // dnsmasq re-reads its hosts file as nobody: the files under here must be reachable
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DataPlane plane = new DataPlane(tag, dir);
        Runtime.getRuntime().addShutdownHook(plane.hook);
        try {
            plane.startOvs();
        } catch (RuntimeException e) {
            plane.close();
            throw e;
        }
        return plane;
    }

    private void startOvs() {
        switchNs = namespace("sw");
        String db = dir.resolve("conf.db").toString();
        run("ovsdb-tool", "create", db, "/usr/share/openvswitch/vswitch.ovsschema");
        run("ovsdb-server", "--remote=punix:" + dir.resolve("db.sock"), "--pidfile=" + dir.resolve("ovsdb-server.pid"),
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--detach", "--log-file=" + dir.resolve("ovsdb.log"), db);
        vsctl("--no-wait", "init");
        run("ip", "netns", "exec", switchNs, "ovs-vswitchd", ovsDb(), "--pidfile=" + dir.resolve("ovs-vswitchd.pid"),
                "--unixctl=" + dir.resolve("ovs-vswitchd.ctl"), "--detach",
                "--log-file=" + dir.resolve("vswitchd.log"));
    }

    /** The run's tag: the first characters of every name this data plane creates. */
    public String tag() {
        return tag;
    }

    public Path dir() {
        return dir;
    }

    /** The address of this run's OVSDB, for {@code ovs-vsctl --db=} / {@code --ovs-db}. */
    public String ovsDb() {
        return "unix:" + dir.resolve("db.sock");
    }

    /** Runs commands in the switch namespace: give it to the code under test. */
    public CommandRunner runner() {
        return new NamespacedCommandRunner(runner, new NamespaceName(switchNs));
    }

    /** The namespace that holds ovs-vswitchd, its bridges and the switch side of every veth. */
    public String switchNamespace() {
        return switchNs;
    }

    /** Runs a command in the switch namespace, insisting it succeeds. */
    public CommandResult inSwitch(String... argv) {
        return runner().check(Command.change(argv));
    }

    /** {@code tag + suffix}, checked to fit Linux's 15 characters. */
    public String name(String suffix) {
        String name = tag + suffix;
        if (name.length() > 15) {
            throw new IllegalArgumentException("interface name too long: " + name);
        }
        return name;
    }

    public CommandResult vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--timeout=30", "--db=" + ovsDb()));
        argv.addAll(List.of(args));
        return runner.check(Command.change(argv));
    }

    /** Runs a command, insisting it succeeds. */
    public CommandResult run(String... argv) {
        return runner.check(Command.change(argv));
    }

    /** Runs a command and returns what it gave, whatever its exit code. */
    public CommandResult attempt(String... argv) {
        return runner.run(Command.change(argv));
    }

    /** Creates namespace {@code <tag>-<suffix>} with loopback up. */
    public String namespace(String suffix) {
        String ns = tag + "-" + suffix;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** An OVS bridge with the userspace datapath. */
    public void bridge(String name) {
        vsctl("add-br", name, "--", "set", "bridge", name, "datapath_type=netdev");
    }

    /** A veth pair in the switch namespace, both ends up, no addresses. */
    public void veth(String a, String b) {
        inSwitch("ip", "link", "add", a, "type", "veth", "peer", "name", b);
        inSwitch("ip", "link", "set", a, "up");
        inSwitch("ip", "link", "set", b, "up");
    }

    /**
     * A "VM": namespace {@code <tag>-<suffix>} whose interface {@code <tag><suffix>e} (MAC
     * {@code mac}, TX checksum offload off) is plugged as an access port of {@code vlan} on
     * {@code bridge}. Returns the namespace.
     */
    public String vm(String suffix, String bridge, int vlan, MacAddress mac) {
        String ns = namespace(suffix);
        String host = name(suffix + "h");
        String guest = name(suffix + "e");
        veth(host, guest);
        inSwitch("ip", "link", "set", guest, "netns", ns);
        run("ip", "-n", ns, "link", "set", guest, "address", mac.toString());
        run("ip", "-n", ns, "link", "set", guest, "up");
        inSwitch("ethtool", "-K", host, "tx", "off");
        run("ip", "netns", "exec", ns, "ethtool", "-K", guest, "tx", "off");
        vsctl("add-port", bridge, host, "--", "set", "port", host, "tag=" + vlan);
        return ns;
    }

    /** The name of the VM's interface inside its namespace. */
    public String vmInterface(String suffix) {
        return name(suffix + "e");
    }

    /** Asks for a lease with udhcpc (requesting the MTU option too) from inside the VM's namespace. */
    public DhcpAnswer dhcp(String vmSuffix) {
        return DhcpAnswer.request(this, tag + "-" + vmSuffix, vmInterface(vmSuffix));
    }

    /** Asks briefly (about 2 s) for {@code address} again from inside the VM's namespace: the answer, or empty when none came. */
    public Optional<DhcpAnswer> dhcpAgain(String vmSuffix, Ipv4Address address) {
        return DhcpAnswer.attempt(this, tag + "-" + vmSuffix, vmInterface(vmSuffix), address);
    }

    @Override
    public synchronized void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running this
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        runner.run(Command.change("ovs-appctl", "-t", dir.resolve("ovs-vswitchd.ctl").toString(), "exit", "--cleanup"));
        for (String ns : List.copyOf(namespaces)) {
            CommandResult pids = runner.run(Command.query("ip", "netns", "pids", ns));
            for (String pid : pids.stdout().split("\\s+")) {
                if (pid.matches("[0-9]+")) {
                    runner.run(Command.change("kill", "-9", pid));
                }
            }
        }
        for (String daemon : List.of("ovs-vswitchd.pid", "ovsdb-server.pid")) {
            Path pidFile = dir.resolve(daemon);
            try {
                if (Files.exists(pidFile)) {
                    String pid = Files.readString(pidFile).trim();
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroy);
                }
            } catch (IOException | NumberFormatException e) {
                // best effort: nothing more can be done for this daemon
            }
        }
        for (String ns : List.copyOf(namespaces)) {
            runner.run(Command.change("ip", "netns", "del", ns));
        }
        if (Boolean.getBoolean("xenvlan.dataplane.keepDir")) {
            return; // -Dxenvlan.dataplane.keepDir=true keeps logs and files for a post-mortem
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the directory is under the temp dir; leaving it is harmless
        }
    }
}
