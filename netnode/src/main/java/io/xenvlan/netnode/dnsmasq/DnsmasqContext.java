package io.xenvlan.netnode.dnsmasq;

import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.netnode.exec.CommandRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every dnsmasq of a node shares: how commands run and where, the files' root, the
 * {@code --dhcp-script} (empty: each dnsmasq spools its lease events for the node, see {@link
 * LeaseSpool}), the lease time, the restart backoff and the scheduler restarts run on, how
 * many of them may watch a hosts directory ({@link InotifyBudget}), and how dnsmasq answers DNS.
 */
public record DnsmasqContext(
        CommandRunner runner,
        Optional<NamespaceName> netns,
        Path stateDir,
        Optional<Path> dhcpScript,
        Duration leaseTime,
        Duration backoffMin,
        Duration backoffMax,
        ScheduledExecutorService scheduler,
        Clock clock,
        DnsmasqStats stats,
        InotifyBudget inotify,
        DnsSettings dns) {

    /** As the canonical constructor, every dnsmasq getting its hosts directory, with the default DNS settings. */
    DnsmasqContext(CommandRunner runner, Optional<NamespaceName> netns, Path stateDir, Optional<Path> dhcpScript,
                          Duration leaseTime, Duration backoffMin, Duration backoffMax, ScheduledExecutorService scheduler,
                          Clock clock, DnsmasqStats stats) {
        this(runner, netns, stateDir, dhcpScript, leaseTime, backoffMin, backoffMax, scheduler, clock, stats,
                InotifyBudget.unlimited(), DnsSettings.defaults());
    }
}
