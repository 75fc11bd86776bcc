package io.xenvlan.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The HTTP side of the API role.
 *
 * @param host           address to listen on (default 127.0.0.1)
 * @param port           port (default 8787; 0 picks a free one)
 * @param maxBodyBytes   largest request body accepted (default 64 KiB); larger ones get 413
 * @param shutdownGrace  how long a stopping server waits for in-flight requests (default 10 s)
 * @param dashboard      serve the dashboard page at {@code /} (default true)
 * @param metricsPublic  serve {@code /metrics} without a token (default true, for Prometheus scrapers)
 */
public record HttpConfig(String host, int port, int maxBodyBytes, Duration shutdownGrace, boolean dashboard, boolean metricsPublic) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8787;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }

    /** Loopback on a free port with the defaults otherwise: what tests use. */
    public static HttpConfig ephemeral() {
        return new HttpConfig(DEFAULT_HOST, 0, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), true, true);
    }

    public HttpConfig withMaxBodyBytes(int bytes) {
        return new HttpConfig(host, port, bytes, shutdownGrace, dashboard, metricsPublic);
    }
}
