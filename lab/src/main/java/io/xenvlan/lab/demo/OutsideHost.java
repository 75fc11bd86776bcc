package io.xenvlan.lab.demo;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.sim.ovs.Exec;
import io.xenvlan.sim.ovs.ExecResult;
import io.xenvlan.sim.ovs.OvsDataPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The internet of a simulated pool: namespace {@code <tag>-outside} holding the first address of
 * the public range, cabled to the network node's public interface {@code <tag>pub} (the range's
 * second address) in the node's namespace; floating pools take addresses from the rest of the
 * range. It does what a host out there does, to prove floating IPs: ping, connect, and tell where
 * a connection to it came from. Everything lives in the data plane's namespaces and goes with it.
 */
public final class OutsideHost implements AutoCloseable {
    private final String namespace;
    private final Cidr range;
    private final InterfaceName nodeInterface;
    private final List<Process> started = new ArrayList<>();

    private OutsideHost(String namespace, Cidr range, InterfaceName nodeInterface) {
        this.namespace = namespace;
        this.range = range;
        this.nodeInterface = nodeInterface;
    }

    /**
     * Makes the outside namespace and the cable to {@code nodeNamespace}.
     * @throws InvalidInputException naming {@code --public-range} for a range with no room for a pool
     */
    static OutsideHost wire(OvsDataPlane plane, String nodeNamespace, Cidr range) {
        if (range.prefix() > 29) {
            throw new InvalidInputException("--public-range", "size", "--public-range: " + range
                    + " is too small: the outside host, the node and a pool need at least a /29");
        }
        String outside = plane.createNamespace("outside");
        String pub = plane.tag().interfaceName("pub");
        String far = plane.tag().interfaceName("out");
        Exec.check(List.of("ip", "-n", nodeNamespace, "link", "add", pub, "type", "veth", "peer", "name", far, "netns", outside));
        Exec.check(List.of("ip", "-n", outside, "addr", "add", range.address(1) + "/" + range.prefix(), "dev", far));
        Exec.check(List.of("ip", "-n", nodeNamespace, "addr", "add", range.address(2) + "/" + range.prefix(), "dev", pub));
        Exec.check(List.of("ip", "-n", outside, "link", "set", far, "up"));
        Exec.check(List.of("ip", "-n", nodeNamespace, "link", "set", pub, "up"));
        return new OutsideHost(outside, range, new InterfaceName(pub));
    }

    public String namespace() {
        return namespace;
    }

    /** The outside host's address (the range's first). */
    public String address() {
        return range.address(1).toString();
    }

    /** The node's public interface, in the node's namespace. */
    public InterfaceName nodeInterface() {
        return nodeInterface;
    }

    /** The node's address on it (the range's second). */
    public String nodeAddress() {
        return range.address(2).toString();
    }

    /** Where floating pools fit: the upper half of the range. */
    public Cidr suggestedPool() {
        return range.subnet(1, range.size() / 2);
    }

    boolean ping(String address) {
        return Exec.run(Exec.inNamespace(namespace, List.of("ping", "-n", "-q", "-c", "2", "-W", "1", "-i", "0.2", address)),
                Duration.ofSeconds(8)).ok();
    }

    /** What the server at {@code address:port} sent, or empty when no connection came up within 2 s. */
    Optional<String> tcp(String address, int port) {
        ExecResult r = Exec.run(Exec.inNamespace(namespace, List.of("busybox", "nc", "-w", "2", address, Integer.toString(port))),
                Duration.ofSeconds(8));
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    /**
     * Opens a connection from {@code vmNamespace} to a listener here on {@code port} and returns the
     * address it arrives from, as this host sees it (empty when none arrived within 10 s).
     */
    Optional<String> connectionFrom(String vmNamespace, int port) {
        background(namespace, "busybox", "nc", "-l", "-p", Integer.toString(port));
        if (!within(Duration.ofSeconds(10), () -> !ss("-Htln", port).isBlank())) {
            return Optional.empty();
        }
        background(vmNamespace, "busybox", "nc", address(), Integer.toString(port));
        List<String> peer = new ArrayList<>();
        within(Duration.ofSeconds(10), () -> {
            ss("-Htn", port).lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length >= 4).findFirst()
                    .ifPresent(f -> peer.add(f[f.length - 1].replaceAll(":[0-9]+$", "").replace("[::ffff:", "").replace("]", "")));
            return !peer.isEmpty();
        });
        return peer.stream().findFirst();
    }

    /** {@code ss} of this host's sockets on {@code port} ({@code -Htln}: listening, {@code -Htn}: established). */
    private String ss(String flags, int port) {
        List<String> argv = new ArrayList<>(List.of("ss", flags));
        if (flags.equals("-Htn")) {
            argv.addAll(List.of("state", "established"));
        }
        argv.add("( sport = :" + port + " )");
        return Exec.run(Exec.inNamespace(namespace, argv), Duration.ofSeconds(5)).stdout();
    }

    /** Starts a long-running command in a namespace whose stdin stays open (stopped by {@link #close()} or with the namespace). */
    void background(String ns, String... argv) {
        try {
            started.add(new ProcessBuilder(Exec.inNamespace(ns, List.of(argv))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code condition} comes true within {@code timeout}, asked again every 50 ms. */
    static boolean within(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops what it started; the namespace goes with the data plane. */
    @Override
    public void close() {
        started.forEach(Process::destroyForcibly);
    }
}
