package io.xenvlan.server.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The body's half of the read deadline: a request's body must be complete within the read timeout
 * of its headers, or its connection is closed. It sits in front of Jetty's
 * {@link org.eclipse.jetty.server.handler.EagerContentHandler}, which reads bodies without a thread
 * before the (blocking) API handlers run, so a slow body costs a connection and a buffer, never a
 * thread. It also tells the {@link ConnectionGuard} when a request starts and ends.
 */
final class ReadDeadlineHandler extends Handler.Wrapper {
    private final Duration readTimeout;
    private final ConnectionGuard guard;

    ReadDeadlineHandler(Handler next, Duration readTimeout, ConnectionGuard guard) {
        super(next);
        this.readTimeout = readTimeout;
        this.guard = guard;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        guard.requestStarted(connection);
        BodyWatch body = new BodyWatch(request);
        Scheduler.Task deadline = contentExpected(request) ? request.getComponents().getScheduler().schedule(() -> {
            if (!body.complete.get()) {
                connection.getEndPoint().close(new TimeoutException("request body not received in time"));
            }
        }, readTimeout.toMillis(), TimeUnit.MILLISECONDS) : () -> true;
        Callback ending = Callback.from(callback, () -> {
            deadline.cancel();
            guard.requestEnded(connection);
        });
        boolean handled;
        try {
            handled = super.handle(body, response, ending);
        } catch (Exception | Error e) {
            deadline.cancel();
            guard.requestEnded(connection);
            throw e;
        }
        if (!handled) {
            deadline.cancel();
            guard.requestEnded(connection);
        }
        return handled;
    }

    /** As {@link org.eclipse.jetty.server.handler.EagerContentHandler} decides it: a positive length or chunks. */
    private static boolean contentExpected(Request request) {
        HttpFields headers = request.getHeaders();
        return headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0
                || headers.contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
    }

    /** The request, noting when its last chunk of content has been read. */
    private static final class BodyWatch extends Request.Wrapper {
        final AtomicBoolean complete = new AtomicBoolean();

        BodyWatch(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            if (chunk != null && (chunk.isLast() || Content.Chunk.isFailure(chunk))) {
                complete.set(true);
            }
            return chunk;
        }
    }
}
