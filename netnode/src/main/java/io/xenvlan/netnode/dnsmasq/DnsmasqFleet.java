package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.exec.Concurrently;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's dnsmasq processes, one per served network. Many start at once ({@link #startAll}, a
 * few at a time: each mostly waits for its process to be ready) and all stop at once ({@link
 * #close}: SIGTERM to every one, then one shared wait), so neither grows with the network count
 * in wall time more than it must. Lease events are drained only from the spools that got files
 * ({@link SpoolWatch}).
 */
public final class DnsmasqFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsmasqFleet.class);
    /** dnsmasq processes started at the same time. */
    static final int PARALLEL_STARTS = 8;
    static final long STOP_GRACE_SECONDS = 2;
    private static final Duration STOP_GRACE = Duration.ofSeconds(STOP_GRACE_SECONDS);
    static final int SIGNALLING_THREADS = 8;
    /** How often every dnsmasq is looked at for an end to answer with a restart. */
    static final Duration SUPERVISE_EVERY = Duration.ofMillis(250);

    private final DnsmasqContext ctx;
    private final Map<Long, Dnsmasq> running = new ConcurrentHashMap<>();
    private final ExecutorService starter;
    private final Optional<ScheduledFuture<?>> supervising; // none when the runner only reports: nothing real can end
    private volatile SpoolWatch spoolWatch;
    private volatile Runnable leaseEventsArrived = () -> { };
    private boolean closed;

    /** A network's dnsmasq to start: on {@code leg}, with its lease file seeded from {@code leases} and the previous file. */
    public record Start(Network network, InterfaceName leg, List<HostEntry> hosts, List<ActiveLease> leases) {}

    public DnsmasqFleet(DnsmasqContext ctx) {
        this.ctx = ctx;
        this.starter = Executors.newFixedThreadPool(PARALLEL_STARTS, DaemonThreads.named("netnode-dnsmasq-start"));
        this.supervising = ctx.runner().executes() ? Optional.of(ctx.scheduler().scheduleWithFixedDelay(this::supervise,
                SUPERVISE_EVERY.toMillis(), SUPERVISE_EVERY.toMillis(), TimeUnit.MILLISECONDS)) : Optional.empty();
    }

    /** Restarts, after their backoff, the dnsmasq that ended without being stopped. */
    private void supervise() {
        for (Dnsmasq d : running.values()) {
            try {
                d.superviseExit();
            } catch (RuntimeException e) {
                LOG.warn("supervising dnsmasq: {}", e.getMessage());
            }
        }
    }

    /** Starts the network's dnsmasq on {@code leg} with its lease file seeded from {@code leases} and the previous file. */
    void start(Network network, InterfaceName leg, List<HostEntry> hosts, List<ActiveLease> leases) {
        RuntimeException failed = startAll(List.of(new Start(network, leg, hosts, leases))).get(network.id());
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Starts the networks' dnsmasq, {@value #PARALLEL_STARTS} at a time.
     *
     * @return why, by network id, for those that could not start (the others run)
     */
    public Map<Long, RuntimeException> startAll(List<Start> starts) {
        Map<Long, Runnable> work = new LinkedHashMap<>();
        Map<Long, Network> networks = new HashMap<>();
        starts.forEach(s -> {
            work.put(s.network().id(), () -> startOne(s));
            networks.put(s.network().id(), s.network());
        });
        return inParallel(work, id -> stopping(networks.get(id)));
    }

    /**
     * Runs each network's work on the starting threads, {@value #PARALLEL_STARTS} at a time, and
     * waits for all of it.
     *
     * @return why, by network id, for the work that failed; {@code stopping} for work the node's stop cancelled
     */
    private Map<Long, RuntimeException> inParallel(Map<Long, Runnable> work, Function<Long, RuntimeException> stopping) {
        Map<Long, RuntimeException> failed = new ConcurrentHashMap<>();
        Map<Long, Future<?>> pending = new LinkedHashMap<>();
        work.forEach((id, w) -> {
            try {
                pending.put(id, starter.submit(() -> {
                    try {
                        w.run();
                    } catch (RuntimeException e) {
                        failed.put(id, e);
                    }
                }));
            } catch (RejectedExecutionException e) {
                failed.put(id, stopping.apply(id));
            }
        });
        boolean interrupted = false;
        for (Map.Entry<Long, Future<?>> p : pending.entrySet()) {
            try {
                if (interrupted) {
                    throw new CancellationException();
                }
                p.getValue().get();
            } catch (CancellationException e) {
                failed.putIfAbsent(p.getKey(), stopping.apply(p.getKey()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interrupted = true;
                failed.putIfAbsent(p.getKey(), stopping.apply(p.getKey()));
            } catch (ExecutionException e) {
                failed.putIfAbsent(p.getKey(), new IllegalStateException(e.getCause()));
            }
        }
        return failed;
    }

    private void startOne(Start s) {
        synchronized (this) {
            if (closed) {
                throw stopping(s.network());
            }
        }
        Dnsmasq d = new Dnsmasq(s.network(), s.leg(), ctx, s::leases);
        d.start(s.hosts());
        synchronized (this) {
            if (closed) { // the node stopped while this one started: it must not outlive the node
                stopAll(List.of(d));
                throw stopping(s.network());
            }
            running.put(s.network().id(), d);
        }
        d.spoolDirectory().ifPresent(dir -> spoolWatch().watch(s.network().id(), dir));
    }

    private static BackendFailureException stopping(Network network) {
        return new BackendFailureException("dnsmasq", "STOPPING", List.of(Long.toString(network.id())),
                "the node is stopping: dnsmasq for network " + network.id() + " not started", null);
    }

    /**
     * Stops the dnsmasq an earlier run of the node left under this node's files for networks not
     * served now (each served one replaced its own when it started).
     *
     * @return how many were stopped
     */
    public int stopLeftovers() {
        if (!ctx.runner().executes()) {
            return 0;
        }
        Set<Path> keep = running.keySet().stream().map(id -> DnsmasqFiles.of(ctx.stateDir(), id).pid()).collect(Collectors.toSet());
        return StaleProcess.sweep(ctx.stateDir().resolve("dnsmasq"), keep);
    }

    /** Runs {@code wake} whenever a served network's dnsmasq spooled lease events (from the watching thread). */
    public void onLeaseEvents(Runnable wake) {
        leaseEventsArrived = wake;
    }

    private SpoolWatch spoolWatch() {
        SpoolWatch w = spoolWatch;
        if (w == null) {
            synchronized (this) {
                if (spoolWatch == null) {
                    spoolWatch = new SpoolWatch(() -> leaseEventsArrived.run());
                }
                w = spoolWatch;
            }
        }
        return w;
    }

    /** @return true when the hosts changed and dnsmasq reloaded */
    public boolean publish(long networkId, List<HostEntry> hosts) {
        return get(networkId).publish(hosts);
    }

    /** Publishes only what changed in a served network's hosts; @return true when dnsmasq got new entries or reloaded */
    public boolean publishChanges(long networkId, List<HostEntry> upserted, List<Ipv4Address> released) {
        return get(networkId).publishChanges(upserted, released);
    }

    /** Publishes a served network's settings (router, DNS, MTU) and hosts; @return true when dnsmasq reloaded */
    public boolean publish(Network network, List<HostEntry> hosts) {
        return get(network.id()).publish(network, hosts);
    }

    /**
     * Records the lease events spooled by the dnsmasq whose spools got files since the last drain
     * (or, {@code all}, of every dnsmasq), a batch per call of {@code record}; a network whose
     * events cannot be recorded now keeps them for the next drain.
     *
     * @return the number of events recorded
     */
    public int drainLeaseEvents(Consumer<List<LeaseEvent>> record, boolean all) {
        SpoolWatch watch = spoolWatch;
        Set<Long> which = all || watch == null ? running.keySet() : watch.takeDirty();
        int recorded = 0;
        for (long id : which) {
            Dnsmasq d = running.get(id);
            if (d == null) {
                continue;
            }
            try {
                recorded += d.drainLeaseEvents(record);
            } catch (RuntimeException e) {
                if (watch != null) {
                    watch.mark(id);
                }
                LOG.warn("cannot record the lease events of network {} now; keeping them: {}", id, e.getMessage());
            }
        }
        return recorded;
    }

    /** Every spool now ({@link #drainLeaseEvents(Consumer, boolean)} with {@code all}). */
    int drainLeaseEvents(Consumer<List<LeaseEvent>> record) {
        return drainLeaseEvents(record, true);
    }

    public boolean serves(long networkId) {
        return running.containsKey(networkId);
    }

    public Set<Long> served() {
        return Set.copyOf(running.keySet());
    }

    /** What is wrong with the network's dnsmasq now (reads only); nothing for a network not served here. */
    public List<NodeFinding> check(long networkId) {
        Dnsmasq d = running.get(networkId);
        return d == null ? List.of() : d.check();
    }

    /** Starts the network's dnsmasq afresh with its files rewritten; nothing for a network not served here. */
    void restart(long networkId) {
        RuntimeException failed = restartAll(List.of(networkId)).get(networkId);
        if (failed != null) {
            throw failed;
        }
    }

    /** {@link #restart} for each network, {@value #PARALLEL_STARTS} at a time; @return why, by network, for those that failed */
    public Map<Long, RuntimeException> restartAll(Collection<Long> networkIds) {
        Map<Long, Runnable> work = new LinkedHashMap<>();
        for (long id : networkIds) {
            Dnsmasq d = running.get(id);
            if (d != null) {
                work.put(id, d::restartNow);
            }
        }
        return inParallel(work, id -> new BackendFailureException("dnsmasq", "STOPPING", List.of(Long.toString(id)),
                "the node is stopping: dnsmasq for network " + id + " not restarted", null));
    }

    /** The pid of the network's dnsmasq now (it changes when the supervisor restarts it). */
    public long pid(long networkId) {
        return get(networkId).pid();
    }

    /** The directory with the network's hosts, opts, lease and pid files and dnsmasq's log. */
    public Path directory(long networkId) {
        return DnsmasqFiles.of(ctx.stateDir(), networkId).dir();
    }

    public DnsmasqStats stats() {
        return ctx.stats();
    }

    /** Stops the network's dnsmasq and deletes its files. */
    void remove(long networkId) {
        removeAll(List.of(networkId));
    }

    /** Stops the networks' dnsmasq, all at once, and deletes their files. */
    public void removeAll(Collection<Long> networkIds) {
        List<Dnsmasq> stopping = new ArrayList<>();
        for (long id : networkIds) {
            Dnsmasq d = running.remove(id);
            if (d != null) {
                stopping.add(d);
            }
            SpoolWatch watch = spoolWatch;
            if (watch != null) {
                watch.forget(id);
            }
        }
        stopAll(stopping);
        networkIds.forEach(id -> deleteTree(directory(id)));
    }

    /**
     * Stops every dnsmasq, also those still starting, all at once: SIGTERM to each, one wait of
     * at most {@value #STOP_GRACE_SECONDS} s for all, SIGKILL for any left. No dnsmasq outlives
     * this call. Files stay for the next start.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        supervising.ifPresent(f -> f.cancel(false));
        // starts not begun are dropped; their futures are cancelled so nobody waits for them
        starter.shutdownNow().forEach(task -> ((Future<?>) task).cancel(false));
        try {
            if (!starter.awaitTermination(1, TimeUnit.SECONDS)) {
                LOG.warn("dnsmasq starts still running 1 s after the node began to stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Dnsmasq> all;
        synchronized (this) {
            all = List.copyOf(running.values());
            running.clear();
        }
        stopAll(all);
        SpoolWatch watch = spoolWatch;
        if (watch != null) {
            watch.close();
        }
    }

    /**
     * SIGTERM to each, one shared wait, SIGKILL for what is left. The wait looks at every process
     * every few milliseconds rather than chaining a future to each exit: at 1,000 processes those
     * would start a thread each as they end (the common pool has no thread to spare on two cores).
     * dnsmasq's lease-script helper ends by itself once its dnsmasq has gone (it reads the end of
     * their pipe), so nothing waits for it: finding each helper would take a look at every process
     * on the machine.
     */
    private static void stopAll(List<Dnsmasq> stopping) {
        if (stopping.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        signalAll(stopping);
        List<Dnsmasq> left = awaitGone(stopping, System.nanoTime() + STOP_GRACE.toNanos());
        if (!left.isEmpty()) {
            left.forEach(Dnsmasq::kill);
            LOG.warn("{} dnsmasq had not stopped {} s after SIGTERM; killed", left.size(), STOP_GRACE.toSeconds());
            if (!awaitGone(left, System.nanoTime() + TimeUnit.SECONDS.toNanos(1)).isEmpty()) {
                LOG.warn("some dnsmasq processes had not ended 1 s after SIGKILL");
            }
        }
        LOG.info("stopped {} dnsmasq in {} ms", stopping.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * SIGTERM to every one, from {@value #SIGNALLING_THREADS} threads at once: a signalled dnsmasq
     * wakes with the CPU's favour and preempts the sender, which on a loaded machine then waits its
     * turn before the next signal (13 s for 1,000 from one thread at load 41 on two cores).
     */
    private static void signalAll(List<Dnsmasq> stopping) {
        int chunk = (stopping.size() + SIGNALLING_THREADS - 1) / SIGNALLING_THREADS;
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int from = 0; from < stopping.size(); from += chunk) {
            List<Dnsmasq> part = stopping.subList(from, Math.min(stopping.size(), from + chunk));
            sent.add(Concurrently.start(() -> {
                part.forEach(Dnsmasq::terminate);
                return null;
            }));
        }
        sent.forEach(Concurrently::join);
    }

    /** Waits until every one has ended or {@code deadline} (nanoTime) passed; @return those still running. */
    private static List<Dnsmasq> awaitGone(List<Dnsmasq> stopping, long deadline) {
        List<Dnsmasq> left = stopping;
        while (true) {
            left = left.stream().filter(Dnsmasq::running).toList();
            if (left.isEmpty() || System.nanoTime() >= deadline || Thread.currentThread().isInterrupted()) {
                return left; // interrupted: no time to wait, the node is being torn down
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Lets every dnsmasq run on unsupervised (the process stops, DHCP goes on). */
    public void detach() {
        synchronized (this) {
            closed = true;
        }
        supervising.ifPresent(f -> f.cancel(false));
        starter.shutdownNow();
        running.values().forEach(Dnsmasq::detach);
        running.clear();
        SpoolWatch watch = spoolWatch;
        if (watch != null) {
            watch.close();
        }
    }

    private Dnsmasq get(long networkId) {
        Dnsmasq d = running.get(networkId);
        if (d == null) {
            throw new NotFoundException("network", Long.toString(networkId));
        }
        return d;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
