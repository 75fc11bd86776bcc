package io.xenvlan.server.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.AbstractMetaDataConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what one client can hold on the API's connector and how long a request's headers may take.
 * Jetty reads headers without holding a thread, but only its idle timeout ends a connection that
 * sends one header byte every few seconds; no Jetty component bounds the whole header phase or
 * the connections of one address, hence this listener (added as a bean of the connector).
 * <ul>
 *   <li>at most {@code maxPerClient} open connections per remote address: further ones are closed at once
 *       (a Unix socket's clients have no address: they are all the state directory's owner, and are not counted);</li>
 *   <li>once bytes of a request arrive on an HTTP/1 connection, its headers must be complete within
 *       {@code readTimeout}, else the connection is closed (checked every {@link #SWEEP}).</li>
 * </ul>
 * The body's deadline is {@link ReadDeadlineHandler}'s.
 */
final class ConnectionGuard implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    static final Duration SWEEP = Duration.ofMillis(250);

    private final int maxPerClient;
    private final long readTimeoutNanos;
    private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final Map<Connection, Waiting> http1 = new ConcurrentHashMap<>();

    /**
     * An HTTP/1 connection between requests: bytes seen when the last request ended, and since when more arrived.
     * {@code handling} is atomic: Jetty may start the next request on another thread before the last one's end is told.
     */
    private static final class Waiting {
        final AtomicInteger handling = new AtomicInteger();
        volatile long bytesAtRest;
        volatile long partialSince;
    }

    ConnectionGuard(int maxPerClient, Duration readTimeout) {
        this.maxPerClient = maxPerClient;
        this.readTimeoutNanos = readTimeout.toNanos();
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof AbstractMetaDataConnection) {
            http1.put(connection, new Waiting());
        }
        InetAddress client = client(connection);
        if (client == null) {
            return;
        }
        int open = perClient.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
        if (open > maxPerClient) {
            LOG.info("closing a connection from {}: it already holds {} (http.max-connections-per-client)", client.getHostAddress(),
                    maxPerClient);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        http1.remove(connection);
        InetAddress client = client(connection);
        if (client != null) {
            perClient.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** The handler saw a request's headers complete on {@code connection}. */
    void requestStarted(Connection connection) {
        Waiting w = http1.get(connection);
        if (w != null) {
            w.handling.incrementAndGet();
            w.partialSince = 0;
        }
    }

    /** The request on {@code connection} is answered: the next one's headers are timed from its first byte. */
    void requestEnded(Connection connection) {
        Waiting w = http1.get(connection);
        if (w != null) {
            w.bytesAtRest = connection.getBytesIn();
            w.partialSince = 0;
            w.handling.decrementAndGet();
        }
    }

    /** Closes the HTTP/1 connections whose partial headers have been arriving for longer than the read timeout. */
    void sweep(long nowNanos) {
        http1.forEach((connection, w) -> {
            if (w.handling.get() > 0 || connection.getBytesIn() <= w.bytesAtRest) {
                return;
            }
            if (w.partialSince == 0) {
                w.partialSince = nowNanos;
            } else if (nowNanos - w.partialSince > readTimeoutNanos) {
                LOG.info("closing a connection from {}: its request headers took longer than {} ms (http.read-timeout)",
                        describe(connection), readTimeoutNanos / 1_000_000);
                connection.getEndPoint().close(new TimeoutException("request headers not received in time"));
            }
        });
    }

    /**
     * The remote address a connection counts against, or null for none: only the connection on the
     * socket counts (TLS puts an HTTP connection on a second, decrypted endpoint), and a Unix socket's
     * peer has no address at all.
     */
    private static InetAddress client(Connection connection) {
        if (!(connection.getEndPoint() instanceof SelectableChannelEndPoint)) {
            return null;
        }
        return connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static String describe(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : "a local (Unix socket) client";
    }
}
