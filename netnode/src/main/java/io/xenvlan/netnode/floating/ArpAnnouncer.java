package io.xenvlan.netnode.floating;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.exec.Command;
import io.xenvlan.netnode.exec.CommandResult;
import io.xenvlan.netnode.exec.CommandRunner;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gratuitous ARP for a floating IP that just came up ({@code arping -U}), so upstream routers and
 * neighbours that cached another MAC for it (the previous node's, say) learn this one at once.
 * Sent after the rules are applied, on a small pool of its own, so a batch of a thousand new
 * associations is not held up by a thousand arpings; a failure is logged, never fatal (ARP
 * resolution still works, only later).
 */
final class ArpAnnouncer {
    private static final Logger LOG = LoggerFactory.getLogger(ArpAnnouncer.class);

    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final ExecutorService senders;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    ArpAnnouncer(CommandRunner runner, Optional<NamespaceName> netns, ExecutorService senders) {
        this.runner = runner;
        this.netns = netns;
        this.senders = senders;
    }

    void announce(Ipv4Address floatingIp, InterfaceName iface) {
        try {
            pending.incrementAndGet();
            senders.execute(() -> {
                try {
                    send(floatingIp, iface);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            LOG.debug("gratuitous ARP for {} not sent: the node is stopping", floatingIp);
        }
    }

    private void send(Ipv4Address floatingIp, InterfaceName iface) {
        try {
            // arping -U waits for no reply; it exits 1 when none came, which is expected: only its stderr tells a failure
            CommandResult r = runner.run(Command.change("arping", "-q", "-U", "-c", "1", "-w", "0", "-i", iface.value(),
                    "-S", floatingIp.toString(), floatingIp.toString()).in(netns));
            if (r.ok() || (r.exitCode() == 1 && r.stderr().isBlank())) {
                sent.incrementAndGet();
            } else {
                LOG.warn("gratuitous ARP for {} on {} failed: {}", floatingIp, iface, r.stderr().strip());
            }
        } catch (RuntimeException e) {
            LOG.warn("gratuitous ARP for {} on {} failed: {}", floatingIp, iface, e.getMessage());
        }
    }

    /** Announcements queued or being sent. */
    long pending() {
        return pending.get();
    }

    /** Gratuitous ARPs sent so far. */
    long sent() {
        return sent.get();
    }

    /** Stops sending (what is queued is dropped). */
    void close() {
        senders.shutdownNow();
    }
}
