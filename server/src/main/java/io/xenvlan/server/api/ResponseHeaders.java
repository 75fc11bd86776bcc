package io.xenvlan.server.api;

import java.util.function.BiConsumer;

/** The headers every answer carries, whether the API's handlers or Jetty itself produced it. */
final class ResponseHeaders {
    private ResponseHeaders() {}

    /** Sets the security headers and {@code X-Request-Id} (the caller's when sane); @return the request id */
    static String apply(String givenRequestId, BiConsumer<String, String> header) {
        // the dashboard loads only its own files and talks only to this API
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        header.accept("Referrer-Policy", "no-referrer");
        String id = RequestIds.choose(givenRequestId);
        header.accept(RequestIds.HEADER, id);
        return id;
    }
}
