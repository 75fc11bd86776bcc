package io.xenvlan.server.api;

import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.body.JsonBodies;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a request body no larger than the configured bound, rejecting announced oversize bodies
 * unread, and any body not sent as {@code application/json} (415).
 */
final class Bodies {
    private Bodies() {}

    static byte[] read(Context ctx, int maxBytes) {
        long announced = ctx.req().getContentLengthLong();
        if (announced > maxBytes) {
            throw JsonBodies.tooLarge(maxBytes);
        }
        byte[] body;
        try {
            body = JsonBodies.readBounded(ctx.req().getInputStream(), maxBytes);
        } catch (IOException e) {
            throw new InvalidInputException("body", "readable", "body: could not be read");
        }
        if (body.length > 0 && !isJson(ctx.header("Content-Type"))) {
            throw new InvalidInputException("Content-Type", InvalidInputException.RULE_MEDIA_TYPE,
                    "Content-Type: a body must be sent as application/json");
        }
        return body;
    }

    /** {@code application/json}, with parameters such as {@code charset=utf-8} allowed. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json");
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
