package io.xenvlan.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP side of the API role.
 *
 * @param host                    address to listen on (default 127.0.0.1)
 * @param port                    port (default 8787; 0 picks a free one)
 * @param maxBodyBytes            largest request body accepted (default 64 KiB); larger ones get 413
 * @param shutdownGrace           how long a stopping server waits for in-flight requests (default 10 s)
 * @param dashboard               serve the dashboard page at {@code /} (default true)
 * @param metricsPublic           serve {@code /metrics} without a token (default true, for Prometheus scrapers)
 * @param readTimeout             how long a request's headers (from their first byte) and then its body may take to
 *                                arrive (default 10 s); a connection that takes longer is closed
 * @param maxConnectionsPerClient open connections one remote address may hold (default 64); more are closed at once
 * @param tls                     serve HTTPS (HTTP/1.1 and HTTP/2) with this certificate and key; empty: plain HTTP
 */
public record HttpConfig(String host, int port, int maxBodyBytes, Duration shutdownGrace, boolean dashboard, boolean metricsPublic,
                         Duration readTimeout, int maxConnectionsPerClient, Optional<TlsFiles> tls) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8787;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;

    /** The server's certificate chain and private key, PEM files ({@code http.tls.cert}, {@code http.tls.key}). */
    public record TlsFiles(Path certificate, Path key) {
        public TlsFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(key, "key");
        }
    }

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(tls, "tls");
    }

    /** Plain HTTP with the default read timeout and per-client limit. */
    public HttpConfig(String host, int port, int maxBodyBytes, Duration shutdownGrace, boolean dashboard, boolean metricsPublic) {
        this(host, port, maxBodyBytes, shutdownGrace, dashboard, metricsPublic, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
                Optional.empty());
    }

    /** Loopback on a free port with the defaults otherwise: what tests use. */
    public static HttpConfig ephemeral() {
        return new HttpConfig(DEFAULT_HOST, 0, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), true, true);
    }

    public HttpConfig withMaxBodyBytes(int bytes) {
        return new HttpConfig(host, port, bytes, shutdownGrace, dashboard, metricsPublic, readTimeout, maxConnectionsPerClient, tls);
    }

    public HttpConfig withReadTimeout(Duration timeout, int maxPerClient) {
        return new HttpConfig(host, port, maxBodyBytes, shutdownGrace, dashboard, metricsPublic, timeout, maxPerClient, tls);
    }

    public HttpConfig withTls(TlsFiles files) {
        return new HttpConfig(host, port, maxBodyBytes, shutdownGrace, dashboard, metricsPublic, readTimeout, maxConnectionsPerClient,
                Optional.of(files));
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }
}
