package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.testing.Eventually;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The internet for floating IP tests: namespace {@code <tag>-out} with {@code 203.0.113.1/24} on
 * {@code <tag>po}, cabled to the node's public interface {@code <tag>pb} ({@code 203.0.113.2/24})
 * in the node's namespace. What it offers is what a host out there does: ping, a TCP client that
 * prints what the server sent, a listener that tells the peer's address, an ARP capture.
 * Everything lives in the data plane's namespaces and goes with it.
 */
public final class PublicSide {
    /** The outside host's address. */
    public static final String OUTSIDE = "203.0.113.1";
    /** The node's own address on its public interface. */
    public static final String NODE = "203.0.113.2";

    private final DataPlane plane;
    private final String namespace;
    private final String nodeInterface;
    private final String outsideInterface;
    private final List<Process> started = new ArrayList<>();

    private PublicSide(DataPlane plane, String namespace, String nodeInterface, String outsideInterface) {
        this.plane = plane;
        this.namespace = namespace;
        this.nodeInterface = nodeInterface;
        this.outsideInterface = outsideInterface;
    }

    /** Cables a new outside namespace to a new public interface in {@code nodeNamespace}, on 203.0.113.0/24. */
    public static PublicSide attach(DataPlane plane, String nodeNamespace) {
        return attach(plane, nodeNamespace, OUTSIDE + "/24", NODE + "/24");
    }

    /** As {@link #attach(DataPlane, String)} with the outside's and the node's addresses (with their prefix) given. */
    public static PublicSide attach(DataPlane plane, String nodeNamespace, String outsideAddress, String nodeAddress) {
        String out = plane.namespace("out");
        String pub = plane.name("pb");
        String far = plane.name("po");
        plane.veth(pub, far);
        plane.inSwitch("ip", "link", "set", pub, "netns", nodeNamespace);
        plane.inSwitch("ip", "link", "set", far, "netns", out);
        plane.run("ip", "-n", nodeNamespace, "addr", "add", nodeAddress, "dev", pub);
        plane.run("ip", "-n", nodeNamespace, "link", "set", pub, "up");
        plane.run("ip", "-n", out, "addr", "add", outsideAddress, "dev", far);
        plane.run("ip", "-n", out, "link", "set", far, "up");
        return new PublicSide(plane, out, pub, far);
    }

    /**
     * An outside namespace on a public segment (an Open vSwitch bridge {@code <tag>ps}) that several
     * nodes join with {@link #cable}: {@code 203.0.113.1/24} on {@code <tag>po}. Its
     * {@link #nodeInterface} is unset ("") until a node is cabled.
     */
    public static PublicSide segment(DataPlane plane) {
        String out = plane.namespace("out");
        String bridge = plane.name("ps");
        plane.bridge(bridge);
        String far = plane.name("po");
        String port = plane.name("pq");
        plane.veth(far, port);
        plane.vsctl("add-port", bridge, port);
        plane.inSwitch("ip", "link", "set", far, "netns", out);
        plane.run("ip", "-n", out, "addr", "add", OUTSIDE + "/24", "dev", far);
        plane.run("ip", "-n", out, "link", "set", far, "up");
        return new PublicSide(plane, out, "", far);
    }

    /**
     * Cables namespace {@code nodeNamespace} to this segment (made by {@link #segment}) through a new
     * interface {@code <tag>p<suffix>} holding {@code nodeAddress} (with its prefix); again after the
     * namespace was deleted and made anew. Returns the node's interface.
     */
    public String cable(String nodeNamespace, String suffix, String nodeAddress) {
        String pub = plane.name("p" + suffix);
        String port = plane.name("q" + suffix);
        plane.vsctl("--if-exists", "del-port", plane.name("ps"), port);
        plane.veth(pub, port);
        plane.vsctl("add-port", plane.name("ps"), port);
        plane.inSwitch("ip", "link", "set", pub, "netns", nodeNamespace);
        plane.run("ip", "-n", nodeNamespace, "addr", "add", nodeAddress, "dev", pub);
        plane.run("ip", "-n", nodeNamespace, "link", "set", pub, "up");
        return pub;
    }

    public String namespace() {
        return namespace;
    }

    /** The node's public interface (in the node's namespace). */
    public String nodeInterface() {
        return nodeInterface;
    }

    public boolean ping(String address) {
        return runIn(namespace, Duration.ofSeconds(8), "ping", "-n", "-q", "-c", "1", "-W", "2", address).ok();
    }

    /** Connects to {@code address:port} and returns what the server sent, or empty when no connection came up within 2 s. */
    public Optional<String> tcp(String address, int port) {
        CommandResult r = runIn(namespace, Duration.ofSeconds(8), "busybox", "nc", "-w", "2", address, Integer.toString(port));
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    /** Runs a command in a namespace, bounded in time; the result, whatever it is. */
    public static CommandResult runIn(String ns, Duration timeout, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        return new ProcessCommandRunner(timeout).run(Command.change(all));
    }

    /** Starts a long-running command in a namespace (stopped with the data plane or {@link #close()}); its stdin stays open. */
    public Process background(String ns, String... argv) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(argv));
        try {
            Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
            started.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP server in {@code ns} that answers every connection to {@code port} with {@code reply}. */
    public void serve(String ns, int port, String reply) {
        background(ns, "busybox", "nc", "-ll", "-p", Integer.toString(port), "-e", "/bin/echo", reply);
    }

    /** Accepts one connection on {@code port} out here (listening once this returns); {@link Listener#peer} tells where it came from. */
    public Listener listen(int port) {
        background(namespace, "busybox", "nc", "-l", "-p", Integer.toString(port));
        Eventually.await("a listener on port " + port, Duration.ofSeconds(10), () -> !runIn(namespace, Duration.ofSeconds(5), "ss", "-Htln",
                "( sport = :" + port + " )").stdout().isBlank());
        return new Listener(port);
    }

    /** Where connections to an outside listener came from. */
    public final class Listener {
        private final int port;

        private Listener(int port) {
            this.port = port;
        }

        /** The peer address of an established connection to the port, once there is one. */
        public Optional<String> peer(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                CommandResult r = runIn(namespace, Duration.ofSeconds(5), "ss", "-Htn", "state", "established", "( sport = :" + port + " )");
                Optional<String> peer = r.stdout().lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length >= 4)
                        .map(f -> f[f.length - 1].replaceAll(":[0-9]+$", "").replace("[::ffff:", "").replace("]", "")).findFirst();
                if (peer.isPresent()) {
                    return peer;
                }
                sleep(50);
            } while (System.nanoTime() < deadline);
            return Optional.empty();
        }
    }

    /** Captures the ARP frames about {@code address} on the outside's cable, from now on. */
    public ArpCapture captureArp(String address) {
        Process p = background(namespace, "tcpdump", "-l", "-n", "-i", outsideInterface, "arp", "and", "host", address);
        return new ArpCapture(p);
    }

    /** tcpdump's lines about ARP. */
    public static final class ArpCapture {
        private final Process process;
        private final StringBuilder seen = new StringBuilder();

        private ArpCapture(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (var in = process.getInputStream()) {
                    int b;
                    while ((b = in.read()) >= 0) {
                        synchronized (seen) {
                            seen.append((char) b);
                        }
                    }
                } catch (IOException e) {
                    // the capture ended
                }
            }, "arp-capture");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until tcpdump listens. */
        public ArpCapture ready() {
            Eventually.await("tcpdump listening", Duration.ofSeconds(10), () -> text().contains("listening on"));
            return this;
        }

        public String text() {
            synchronized (seen) {
                return seen.toString();
            }
        }

        public void stop() {
            process.destroy();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops what it started (the namespaces go with the data plane). */
    public void close() {
        started.forEach(Process::destroyForcibly);
    }
}
