package io.xenvlan.xenapi.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a reply body into bytes, refusing more than a limit: a Content-Length above it fails
 * before a byte is read, a longer stream is cancelled at the limit. The JDK's own
 * {@code ofByteArray()} has no bound. It never blocks, so the HTTP client may run it on its
 * selector thread (see XenApiClient's executor).
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** Thrown (inside the send's IOException) when the reply exceeds the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("reply larger than " + limit + " bytes");
        }
    }

    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    private BoundedBody(int limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1);
            if (declared > limit) {
                return failing(limit);
            }
            return new BoundedBody(limit);
        };
    }

    private static HttpResponse.BodySubscriber<byte[]> failing(int limit) {
        BoundedBody body = new BoundedBody(limit);
        body.result.completeExceptionally(new TooLarge(limit));
        return body;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (bytes.size() + buffer.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
