package io.xenvlan.server.api;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/** Every request gets an id: the caller's {@code X-Request-Id} when it is sane, else a fresh one. */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "xenvlan.request_id";
    /** The MDC key every log line of the request carries. */
    static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {}

    /** Remembers the request's id (already chosen by {@link ResponseHeaders}) for the log lines after it. */
    static String assign(Context ctx, String id) {
        ctx.attribute(ATTRIBUTE, id);
        return id;
    }

    /** The caller's id when it is sane, else a fresh one. */
    static String choose(String given) {
        return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
