package io.xenvlan.xenapi.client;

import io.xenvlan.core.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one {@link XenApiClient} needs to talk to one pool. Build it with
 * {@link #builder(URI, String, Password)}; the defaults sit beside the setters.
 *
 * @param url            the pool master, {@code https://host[:port]} (or {@code http://} for the simulator);
 *                       JSON-RPC goes to {@code <url>/jsonrpc}
 * @param connectTimeout time to open a TCP (and TLS) connection
 * @param requestTimeout time to wait for one reply ({@code event.from} adds its own wait to this)
 * @param maxReplyBytes  replies larger than this fail with {@code XENVLAN_BAD_REPLY}
 * @param maxRedirects   HOST_IS_SLAVE hops followed before giving up
 * @param originator     sent with login; shows in the pool's session list
 * @param observer       told about every request sent (method, error code, time), e.g. for metrics
 */
public record XenApiClientConfig(
        URI url,
        String username,
        Password password,
        TlsTrust tls,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxReplyBytes,
        int maxRedirects,
        String originator,
        XenApiCallObserver observer) {

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final int DEFAULT_MAX_REPLY_BYTES = 64 << 20;
    static final int DEFAULT_MAX_REDIRECTS = 3;

    /** @throws InvalidInputException naming the setting that is wrong */
    public XenApiClientConfig {
        Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new InvalidInputException("url", "scheme", "url: must start with https:// or http://, got " + url);
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new InvalidInputException("url", "host", "url: names no host: " + url);
        }
        if (username == null || username.isBlank()) {
            throw new InvalidInputException("user", "required", "user: must not be empty");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        requirePositive("connect_timeout", connectTimeout);
        requirePositive("request_timeout", requestTimeout);
        if (maxReplyBytes < 1024) {
            throw new InvalidInputException("max_reply_bytes", "min", "max_reply_bytes: must be at least 1024, got " + maxReplyBytes);
        }
        if (maxRedirects < 0 || maxRedirects > 10) {
            throw new InvalidInputException("max_redirects", "range", "max_redirects: must be 0..10, got " + maxRedirects);
        }
        Objects.requireNonNull(originator, "originator");
        Objects.requireNonNull(observer, "observer");
    }

    private static void requirePositive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidInputException(setting, "positive", setting + ": must be a positive duration, got " + value);
        }
    }

    public static Builder builder(URI url, String username, Password password) {
        return new Builder(url, username, password);
    }

    /** True for plain {@code http://}. */
    boolean plainHttp() {
        return "http".equalsIgnoreCase(url.getScheme());
    }

    /** Builder with the defaults above; the system trust store unless told otherwise. */
    public static final class Builder {
        private final URI url;
        private final String username;
        private final Password password;
        private TlsTrust tls = TlsTrust.system();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxReplyBytes = DEFAULT_MAX_REPLY_BYTES;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private String originator = "xenvlan";
        private XenApiCallObserver observer = XenApiCallObserver.NONE;

        private Builder(URI url, String username, Password password) {
            this.url = url;
            this.username = username;
            this.password = password;
        }

        public Builder tls(TlsTrust value) {
            this.tls = value;
            return this;
        }

        Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        Builder maxReplyBytes(int value) {
            this.maxReplyBytes = value;
            return this;
        }

        Builder maxRedirects(int value) {
            this.maxRedirects = value;
            return this;
        }

        Builder originator(String value) {
            this.originator = value;
            return this;
        }

        public Builder observer(XenApiCallObserver value) {
            this.observer = value;
            return this;
        }

        public XenApiClientConfig build() {
            return new XenApiClientConfig(url, username, password, tls, connectTimeout, requestTimeout,
                    maxReplyBytes, maxRedirects, originator, observer);
        }
    }
}
