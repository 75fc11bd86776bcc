package io.xenvlan.server.api;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request whose declared body ({@code Content-Length}) is over the limit gets its 413 only once
 * that body has been read and thrown away, without a thread and within the read deadline of the
 * {@link ReadDeadlineHandler} in front of it; the connection then stays usable. Answering at once,
 * as Jetty's {@link org.eclipse.jetty.server.handler.EagerContentHandler} does, means closing the
 * connection with request bytes still unread, which makes the kernel reset it: a client still
 * sending then loses the 413 it was sent (the JDK's client reports "header parser received no
 * bytes"). A body declared larger than {@code maxDrainedBytes} still gets its 413 at once (and loses
 * its connection), and so does a chunked body that grows over the limit (Jetty's handler).
 */
final class OversizeBodyDrain extends Handler.Wrapper {
    private final long maxBodyBytes;
    private final long maxDrainedBytes;

    OversizeBodyDrain(long maxBodyBytes, long maxDrainedBytes) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxDrainedBytes = maxDrainedBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long declared = request.getLength();
        if (declared <= maxBodyBytes) {
            return super.handle(request, response, callback);
        }
        if (declared > maxDrainedBytes) {
            Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
        } else {
            new Drain(request, response, callback).run();
        }
        return true;
    }

    /** Reads and releases the body's chunks as they arrive (re-armed by {@link Request#demand}), then answers 413. */
    private record Drain(Request request, Response response, Callback callback) implements Runnable {
        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                chunk.release();
                if (Content.Chunk.isFailure(chunk)) {
                    callback.failed(chunk.getFailure());
                    return;
                }
                if (chunk.isLast()) {
                    Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413);
                    return;
                }
            }
        }
    }
}
