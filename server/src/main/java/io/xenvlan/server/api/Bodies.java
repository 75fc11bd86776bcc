package io.xenvlan.server.api;

import io.javalin.http.Context;

/** Reads a request body no larger than the configured bound, rejecting announced oversize bodies unread. */
final class Bodies {
    private Bodies() {}

    static byte[] read(Context ctx, int maxBytes) {
        long announced = ctx.req().getContentLengthLong();
        if (announced > maxBytes) {
            throw JsonBodies.tooLarge(maxBytes);
        }
        try {
            return JsonBodies.readBounded(ctx.req().getInputStream(), maxBytes);
        } catch (java.io.IOException e) {
            throw new io.xenvlan.core.error.InvalidInputException("body", "readable", "body: could not be read");
        }
    }

    /** An optional body: empty when none was sent. */
    static boolean present(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return true;
            }
        }
        return false;
    }
}
