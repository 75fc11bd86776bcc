package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.netnode.ActiveLease;
import io.xenvlan.core.netnode.HostEntry;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NodeFinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's dnsmasq processes, one per served network. */
public final class DnsmasqFleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DnsmasqFleet.class);
    private final DnsmasqContext ctx;
    private final Map<Long, Dnsmasq> running = new ConcurrentHashMap<>();

    public DnsmasqFleet(DnsmasqContext ctx) {
        this.ctx = ctx;
    }

    /** Starts the network's dnsmasq on {@code leg} with its lease file seeded from {@code leases} and the previous file. */
    public void start(Network network, InterfaceName leg, List<HostEntry> hosts, List<ActiveLease> leases) {
        Dnsmasq d = new Dnsmasq(network, leg, ctx, () -> leases);
        d.start(hosts);
        running.put(network.id(), d);
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
     * Records the lease events every dnsmasq spooled, a batch per call of {@code record}; a
     * network whose events cannot be recorded now keeps them for the next drain.
     *
     * @return the number of events recorded
     */
    public int drainLeaseEvents(Consumer<List<LeaseEvent>> record) {
        int recorded = 0;
        for (Map.Entry<Long, Dnsmasq> d : running.entrySet()) {
            try {
                recorded += d.getValue().drainLeaseEvents(record);
            } catch (RuntimeException e) {
                LOG.warn("cannot record the lease events of network {} now; keeping them: {}", d.getKey(), e.getMessage());
            }
        }
        return recorded;
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
    public void restart(long networkId) {
        Dnsmasq d = running.get(networkId);
        if (d != null) {
            d.restartNow();
        }
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
    public void remove(long networkId) {
        Dnsmasq d = running.remove(networkId);
        if (d != null) {
            d.stop();
        }
        deleteTree(directory(networkId));
    }

    /** Stops every dnsmasq; files stay for the next start. */
    @Override
    public void close() {
        running.values().forEach(Dnsmasq::stop);
        running.clear();
    }

    /** Lets every dnsmasq run on unsupervised (the process stops, DHCP goes on). */
    public void detach() {
        running.values().forEach(Dnsmasq::detach);
        running.clear();
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
