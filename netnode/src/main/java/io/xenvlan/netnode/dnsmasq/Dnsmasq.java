package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.NodeFinding.Kind;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.RunningProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network's supervised dnsmasq: started with its lease file seeded, reloaded by SIGHUP after
 * an atomic rewrite of the hosts file, told to drop the leases of removed reservations at once
 * ({@code dhcp_release}), and restarted with exponential backoff when it dies.
 */
final class Dnsmasq {
    private static final Logger LOG = LoggerFactory.getLogger(Dnsmasq.class);

    private Network network;
    private String optsText;
    private boolean rewrite;
    private final InterfaceName leg;
    private final DnsmasqFiles files;
    private final DnsmasqContext ctx;
    private final Supplier<List<ActiveLease>> storeLeases;
    private final StaleProcess stale;
    private final Optional<LeaseSpool> spool;
    private final HostsDir hostsDir;
    private final HostsDir dnsHostsDir;
    private final HostsFile hosts = new HostsFile();
    private RunningProcess process;
    private RunningProcess noticed; // the last process whose end was answered
    private Instant startedAt;
    private Duration backoff;
    private boolean stopped;
    private boolean watchesHostsDir; // holds one of the budget's inotify instances

    Dnsmasq(Network network, InterfaceName leg, DnsmasqContext ctx, Supplier<List<ActiveLease>> storeLeases) {
        this.network = network;
        this.leg = leg;
        this.files = DnsmasqFiles.of(ctx.stateDir(), network.id());
        this.ctx = ctx;
        this.storeLeases = storeLeases;
        this.stale = new StaleProcess(files.pid());
        this.hostsDir = new HostsDir(files.hostsDir());
        this.dnsHostsDir = new HostsDir(files.dnsHostsDir());
        this.spool = ctx.dhcpScript().isPresent() ? Optional.empty() : Optional.of(new LeaseSpool(files.leaseSpool(), ctx.clock()));
        this.backoff = ctx.backoffMin();
    }

    synchronized void start(List<HostEntry> initial) {
        hosts.apply(hosts.diff(initial));
        watchesHostsDir = ctx.inotify().take();
        try {
            writeFilesAndLaunch();
        } catch (RuntimeException e) {
            releaseHostsDir();
            throw e;
        }
    }

    /** Where this dnsmasq's script spools lease events (none when it runs a script of its own). */
    Optional<Path> spoolDirectory() {
        return spool.map(s -> files.leaseSpool());
    }

    /** Writes every file dnsmasq reads from what this holds, stops a left-over dnsmasq, starts it. */
    private void writeFilesAndLaunch() {
        files.create(ctx.runner().executes());
        hostsDir.create();
        dnsHostsDir.create();
        spool.ifPresent(s -> s.writeScript(files.dhcpScript()));
        stale.stopIfRunning();
        writeHosts();
        writeOpts(OptsFile.render(network));
        launch();
    }

    /** What is wrong with this dnsmasq now (reads only): not running, or a file it reads gone. */
    synchronized List<NodeFinding> check() {
        List<NodeFinding> found = new ArrayList<>();
        if (!stopped && (process == null || !process.isAlive())) {
            found.add(NodeFinding.of(Kind.DNSMASQ_DOWN, network, process == null ? "no dnsmasq runs"
                    : "dnsmasq pid " + process.pid() + " is gone"));
        }
        List<Path> needed = new ArrayList<>(List.of(files.hosts(), files.opts(), files.hostsDir(), files.dnsHosts(),
                files.dnsHostsDir()));
        if (spool.isPresent()) {
            needed.add(files.dhcpScript());
        }
        List<String> missing = needed.stream().filter(p -> !Files.exists(p)).map(Path::toString).toList();
        if (!missing.isEmpty()) {
            found.add(NodeFinding.of(Kind.DNSMASQ_FILES_MISSING, network, "missing " + String.join(" ", missing)));
        }
        return found;
    }

    /**
     * Stops this dnsmasq if it runs, writes its files afresh from what this holds and starts it
     * again (its lease file, or the store's leases, seed it): the check's repair.
     */
    synchronized void restartNow() {
        if (stopped) {
            return;
        }
        RunningProcess old = process;
        process = null; // its exit is not a crash for the supervisor to answer
        if (old != null) {
            old.stop(Duration.ofSeconds(5));
        }
        writeFilesAndLaunch();
    }

    /** @return true when the hosts changed and dnsmasq was told to reload */
    synchronized boolean publish(List<HostEntry> next) {
        return publish(network, next);
    }

    /**
     * Publishes the network's settings (router, DNS servers, MTU) and hosts, each only when its
     * content changed. Entries that are only added go to dnsmasq as a new file of its hosts
     * directory, which it reads without a reload; anything else (a removed or changed entry, new
     * settings, too many added files) rewrites the files and reloads dnsmasq once.
     *
     * @return true when anything changed: dnsmasq was given new entries or told to reload
     */
    synchronized boolean publish(Network settings, List<HostEntry> next) {
        return publish(settings, hosts.diff(next));
    }

    /**
     * Publishes only what changed: entries new or replacing the entry of their address, and
     * addresses released (as {@link #publish(Network, List)} otherwise).
     */
    synchronized boolean publishChanges(List<HostEntry> upserted, List<Ipv4Address> released) {
        return publish(network, hosts.diff(upserted, released));
    }

    private boolean publish(Network settings, HostsFile.Change change) {
        String opts = OptsFile.render(settings);
        boolean optsChanged = !opts.equals(optsText);
        boolean unfinished = rewrite;
        if (!optsChanged && !change.changed() && !unfinished) {
            return false;
        }
        boolean alive = process != null && process.isAlive();
        hosts.apply(change);
        rewrite = true; // until the files carry the change: a failure here makes the next publication rewrite and reload
        if (!optsChanged && !unfinished && change.removed().isEmpty() && alive && ctx.runner().executes() && watchesHostsDir
                && hostsDir.canAdd()) {
            ctx.stats().bytesWritten.addAndGet(hostsDir.add(change.addedText()));
            ctx.stats().bytesWritten.addAndGet(dnsHostsDir.add(DnsHostsFile.render(
                    change.added().stream().map(HostsFile.Line::entry).toList(), ctx.dns().domainOf(network))));
            ctx.stats().additions.incrementAndGet();
            rewrite = false;
            return true;
        }
        network = settings;
        if (optsChanged || unfinished) {
            writeOpts(opts);
        }
        writeHosts();
        hostsDir.clear(); // the hosts file holds them all now; the reload forgets what dnsmasq read from them
        dnsHostsDir.clear();
        if (alive) {
            process.hangUp();
            ctx.stats().reloads.incrementAndGet();
            releaseLeased(change.removed());
        }
        rewrite = false;
        return true;
    }

    /** Records the lease events dnsmasq spooled (none when it runs a script of its own); @return how many. */
    int drainLeaseEvents(Consumer<List<LeaseEvent>> record) {
        return spool.map(s -> s.drain(record)).orElse(0);
    }

    /** Sends SIGTERM and returns at once (a fleet stops all its dnsmasq at the same time, then waits for them: {@link #running}). */
    synchronized void terminate() {
        stopped = true;
        releaseHostsDir();
        if (process != null && process.isAlive()) {
            process.terminate();
        }
    }

    /** Whether its process still runs. */
    synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, for one that did not end on SIGTERM in time; @return whether it was still running */
    synchronized boolean kill() {
        if (process != null && process.isAlive()) {
            process.kill();
            return true;
        }
        return false;
    }

    /** No more supervision; the process runs on. */
    synchronized void detach() {
        stopped = true;
    }

    private void releaseHostsDir() {
        if (watchesHostsDir) {
            watchesHostsDir = false;
            ctx.inotify().giveBack();
        }
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    private void writeOpts(String text) {
        ctx.stats().bytesWritten.addAndGet(DnsmasqFiles.writeAtomically(files.opts(), text));
        optsText = text;
    }

    private void writeHosts() {
        ctx.stats().bytesWritten.addAndGet(DnsmasqFiles.writeAtomically(files.hosts(), hosts.text()));
        ctx.stats().bytesWritten.addAndGet(DnsmasqFiles.writeAtomically(files.dnsHosts(),
                DnsHostsFile.render(hosts.entries(), ctx.dns().domainOf(network))));
    }

    /**
     * dhcp_release for each removed entry that holds a lease in dnsmasq's lease file (one process
     * per lease; an entry without a lease has nothing to release). All of them when the file
     * cannot be read.
     */
    private void releaseLeased(List<HostEntry> removed) {
        if (removed.isEmpty()) {
            return;
        }
        Set<String> leased;
        try {
            leased = Files.exists(files.leases()) ? LeaseFile.parse(read()).stream()
                    .map(l -> l.mac() + " " + l.address()).collect(Collectors.toSet()) : Set.of();
        } catch (UncheckedIOException e) {
            LOG.warn("cannot read the lease file of network {}; releasing every removed entry: {}", network.id(), e.getMessage());
            removed.forEach(this::release);
            return;
        }
        removed.stream().filter(e -> leased.contains(e.mac() + " " + e.address())).forEach(this::release);
    }

    private void release(HostEntry entry) {
        ctx.runner().check(Command.change("dhcp_release", leg.value(), entry.address().toString(), entry.mac().toString())
                .in(ctx.netns()));
        ctx.stats().releases.incrementAndGet();
    }

    private void launch() {
        List<ActiveLease> fromFile = Files.exists(files.leases()) ? LeaseFile.parse(read()) : List.of();
        List<ActiveLease> seed = LeaseFile.seed(storeLeases.get(), fromFile, hosts.entries());
        DnsmasqFiles.writeAtomically(files.leases(), LeaseFile.render(seed));
        try {
            Files.deleteIfExists(files.pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunningProcess started = spawn();
        if (!started.isAlive() && watchesHostsDir && tail(files.log()).contains("inotify")) {
            // root's inotify instances ran out under the budget (another program took them): run without the directory
            LOG.warn("dnsmasq for network {} could not watch its hosts directory ({}); starting it without", network.id(),
                    tail(files.log()));
            releaseHostsDir();
            ctx.inotify().exhausted();
            started = spawn();
        }
        RunningProcess running = started;
        if (!running.isAlive()) {
            process = null;
            String log = tail(files.log());
            throw new BackendFailureException("dnsmasq", "EXITED", List.of(Long.toString(network.id()), log),
                    "dnsmasq for network " + network.id() + " (vlan " + network.vlan() + ") exited at start: " + log, null);
        }
        LOG.info("dnsmasq for network {} (vlan {}) runs as pid {} on {} with {} hosts and {} seeded leases",
                network.id(), network.vlan(), running.pid(), leg, hosts.entries().size(), seed.size());
    }

    /** Starts dnsmasq and waits until it is ready (or gone). */
    private RunningProcess spawn() {
        RunningProcess started = ctx.runner().start(DnsmasqCommand.of(network, leg, files, ctx.dhcpScript().orElse(files.dhcpScript()),
                ctx.leaseTime(), ctx.dns(), watchesHostsDir).inNetwork(ctx.netns()), files.log());
        process = started;
        startedAt = ctx.clock().instant();
        awaitReady(started);
        return started;
    }

    /** dnsmasq writes its pid file once its signal handlers are set: a SIGHUP before that would kill it. */
    private void awaitReady(RunningProcess started) {
        if (!ctx.runner().executes()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.isAlive() && System.nanoTime() < deadline && !stale.pidFileNames(started.pid())) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Answers the end of its process, once: a restart after a backoff. The fleet calls it for every
     * dnsmasq a few times a second ({@link DnsmasqFleet}) instead of a callback per process, whose
     * thread each (the common pool has none to spare on two cores) would all start at once when a
     * node stops 1,000 of them.
     */
    synchronized void superviseExit() {
        RunningProcess p = process;
        if (stopped || p == null || p == noticed || p.isAlive()) {
            return;
        }
        noticed = p;
        exited(p, p.exitCode());
    }

    private synchronized void exited(RunningProcess which, int code) {
        if (stopped || which != process) {
            return;
        }
        if (Duration.between(startedAt, ctx.clock().instant()).compareTo(ctx.backoffMax().multipliedBy(2)) > 0) {
            backoff = ctx.backoffMin();
        }
        LOG.warn("dnsmasq for network {} (pid {}) exited with code {}; restarting in {} ms (log: {})",
                network.id(), which.pid(), code, backoff.toMillis(), files.log());
        ctx.scheduler().schedule(this::restart, backoff.toMillis(), TimeUnit.MILLISECONDS);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(ctx.backoffMax()) > 0 ? ctx.backoffMax() : doubled;
    }

    private synchronized void restart() {
        if (stopped || process != null && process.isAlive()) {
            return; // already started again (by the node's check)
        }
        ctx.stats().restarts.incrementAndGet();
        try {
            stale.stopIfRunning();
            launch();
        } catch (RuntimeException e) {
            LOG.error("restarting dnsmasq for network {} failed; retrying in {} ms", network.id(), backoff.toMillis(), e);
            ctx.scheduler().schedule(this::restart, backoff.toMillis(), TimeUnit.MILLISECONDS);
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(ctx.backoffMax()) > 0 ? ctx.backoffMax() : doubled;
        }
    }

    /** The last lines dnsmasq logged, for error messages. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private String read() {
        try {
            return Files.readString(files.leases());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
