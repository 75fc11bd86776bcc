package io.xenvlan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/** Runs an operation on N client threads, back to back, for a fixed time; counts completions. */
final class Load {
    private Load() {}

    record Result(long operations, double seconds) {
        double perSecond() {
            return operations / seconds;
        }
    }

    /** {@code op} receives a run-wide unique operation number. */
    static Result run(int clients, double seconds, LongConsumer op) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        op.accept(next.getAndIncrement());
                        done.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "bench-client-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a client failed", failures.get(0));
        }
        return new Result(done.get(), elapsed);
    }
}
