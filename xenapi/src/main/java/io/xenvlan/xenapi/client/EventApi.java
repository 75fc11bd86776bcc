package io.xenvlan.xenapi.client;

import java.time.Duration;
import java.util.List;

/** {@code event.from}, the way to keep a cache of the pool current. */
public final class EventApi {
    private final XenApiClient client;

    EventApi(XenApiClient client) {
        this.client = client;
    }

    /**
     * Waits up to {@code timeout} for changes to {@code classes} ({@code "network"},
     * {@code "VIF/OpaqueRef:..."} or {@code "*"}) after {@code token} ({@code ""} the first time).
     * The HTTP request may take the client's request timeout on top of {@code timeout}.
     *
     * @throws XenApiException {@code EVENT_FROM_TOKEN_PARSE_FAILURE} for a bad token, and the usual
     */
    public EventBatch from(List<String> classes, String token, Duration timeout) {
        double seconds = timeout.toMillis() / 1000.0;
        return EventBatch.decode(client.callWaiting("event.from", timeout, classes, token, seconds));
    }
}
