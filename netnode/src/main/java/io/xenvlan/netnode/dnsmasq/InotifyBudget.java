package io.xenvlan.netnode.dnsmasq;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many of the node's dnsmasq may read added entries from a hosts directory ({@code
 * --dhcp-hostsdir}): each of those costs an inotify instance of root, and a default kernel gives
 * root 128 ({@code fs.inotify.max_user_instances}) for everything it runs. A dnsmasq started
 * beyond the budget runs without the directory: it serves the same entries, but each publication
 * that adds entries to it rewrites the hosts file and reloads it (SIGHUP) instead. So the
 * node serves any number of networks on a default kernel; raising the limit (packaging/sysctl)
 * only spares reloads.
 */
public final class InotifyBudget {
    private static final Logger LOG = LoggerFactory.getLogger(InotifyBudget.class);

    private final AtomicInteger left;
    private final String limitText;
    private final AtomicBoolean told = new AtomicBoolean();

    /** {@code available} instances for dnsmasq; {@code limitText} says where the number comes from, for the log. */
    public InotifyBudget(int available, String limitText) {
        this.left = new AtomicInteger(Math.max(0, available));
        this.limitText = limitText;
    }

    /** No limit known (tests, a report-only node): every dnsmasq gets its hosts directory. */
    public static InotifyBudget unlimited() {
        return new InotifyBudget(Integer.MAX_VALUE, "no limit");
    }

    /** Takes one instance for a dnsmasq about to start; false (said once in the log) when none is left. */
    boolean take() {
        if (left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return true;
        }
        if (told.compareAndSet(false, true)) {
            LOG.warn("inotify instances for dnsmasq are used up ({}): further networks' dnsmasq run without a hosts"
                    + " directory and reload for each addition; raise fs.inotify.max_user_instances"
                    + " (packaging/sysctl/90-xenvlan-netnode.conf) to spare those reloads", limitText);
        }
        return false;
    }

    /** A dnsmasq that held one stopped. */
    void giveBack() {
        left.updateAndGet(n -> n == Integer.MAX_VALUE ? n : n + 1);
    }

    /** A dnsmasq could not get one although the budget said so (someone else took them): stop handing them out. */
    void exhausted() {
        left.set(0);
        take();
    }

    /** Instances left now. */
    public int left() {
        return left.get();
    }
}
