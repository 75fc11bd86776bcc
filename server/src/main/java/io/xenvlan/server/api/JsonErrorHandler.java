package io.xenvlan.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.server.ErrorBody;
import io.xenvlan.server.ErrorMapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a request reaches the API's handlers (a malformed or
 * ambiguous URI, {@code %00}, headers over the limit, a body over the limit or too slow): the same
 * JSON {@code {code, message, details}} with the same response headers as every other answer,
 * instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The path Jetty gives a request whose request line (mostly: whose URI) it could not parse. */
    private static final String UNPARSED_REQUEST_LINE = "/badMessage";

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        ResponseHeaders.apply(request.getHeaders().get(RequestIds.HEADER), response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        ErrorBody body = code == 503 ? ErrorBody.unavailable("the server is busy or shutting down")
                : ErrorMapping.body(error(code, message, request.getMethod() + " " + request.getHttpURI().getPath(),
                        badPath(request.getHttpURI().getPath())));
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    }

    /** What the status Jetty chose means for the caller, in the API's error vocabulary. */
    static Exception error(int code, String jettyReason, String route, boolean badPath) {
        String reason = printable(jettyReason);
        return switch (code) {
            case 404, 405 -> new NotFoundException("route", printable(route));
            case 408 -> new InvalidInputException("body", "timeout", "body: not received in time");
            case 413 -> new InvalidInputException("body", InvalidInputException.RULE_MAX_SIZE, "body: larger than allowed");
            case 414 -> new InvalidInputException("uri", InvalidInputException.RULE_MAX_SIZE, "uri: longer than allowed");
            case 431 -> new InvalidInputException("headers", InvalidInputException.RULE_MAX_SIZE, "headers: larger than allowed");
            default -> code >= 400 && code < 500
                    ? new InvalidInputException(badPath ? "path" : field(reason), "http",
                            (badPath ? "path" : field(reason)) + ": the request is malformed (" + reason + ")")
                    : new IllegalStateException(reason);
        };
    }

    /** A path with a bad percent-escape, an encoded control character or an encoded separator or dot segment. */
    static boolean badPath(String rawPath) {
        if (rawPath == null || rawPath.equals(UNPARSED_REQUEST_LINE)) {
            return true;
        }
        String lower = rawPath.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%2e") || lower.contains("%5c")) {
            return true;
        }
        return Query.strictlyDecoded(rawPath.replace("+", "%2B")).isEmpty();
    }

    /** Jetty's reasons name the URI or path for what was wrong there, and the request otherwise. */
    private static String field(String reason) {
        String r = reason.toLowerCase(java.util.Locale.ROOT);
        return r.contains("uri") || r.contains("path") ? "path" : "request";
    }

    private static String printable(String text) {
        if (text == null) {
            return "no reason given";
        }
        String s = text.replaceAll("[^\\x20-\\x7e]", "?");
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
