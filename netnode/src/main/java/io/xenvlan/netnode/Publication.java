package io.xenvlan.netnode;

import java.time.Duration;
import java.time.Instant;

/**
 * One pass of the node over the store: every served network now carries every change up to
 * {@code sequence}; {@code reloaded} dnsmasq processes were started, reloaded or given new entries
 * (a file of their hosts directory), at {@code at}.
 * The pass took {@code took} in all, of which {@code read} went to the store's read of the changes
 * (on the embedded store including the wait for writers in flight).
 */
public record Publication(long sequence, Instant at, int networks, int reloaded, int failed, Duration read, Duration took) {}
