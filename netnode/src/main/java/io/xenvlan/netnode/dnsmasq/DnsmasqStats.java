package io.xenvlan.netnode.dnsmasq;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters over every dnsmasq of a node: reloads (SIGHUPs), additions (files of new entries dnsmasq
 * read without a reload), bytes written, releases, restarts.
 */
public final class DnsmasqStats {
    final AtomicLong reloads = new AtomicLong();
    final AtomicLong additions = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();
    final AtomicLong releases = new AtomicLong();
    final AtomicLong restarts = new AtomicLong();

    public long reloads() {
        return reloads.get();
    }

    public long additions() {
        return additions.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    public long releases() {
        return releases.get();
    }

    public long restarts() {
        return restarts.get();
    }
}
