package io.xenvlan.netnode;

import java.time.Duration;
import java.time.Instant;

/**
 * One pass of the node over the store: every served network now carries every change up to
 * {@code sequence}; {@code reloaded} dnsmasq processes were reloaded or started, at {@code at};
 * the pass took {@code took}.
 */
public record Publication(long sequence, Instant at, int networks, int reloaded, int failed, Duration took) {}
