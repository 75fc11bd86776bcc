package io.xenvlan.lab.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Says what the demo is doing as it does it, with the seconds since it started. */
public final class Progress {
    private final PrintWriter out;
    private final LongSupplier nanoTime;
    private final long start;

    Progress(PrintWriter out, LongSupplier nanoTime) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** Progress to standard output on the system's monotonic clock. */
    public static Progress to(PrintWriter out) {
        return new Progress(out, System::nanoTime);
    }

    /** Progress nobody sees (tests, benchmarks). */
    static Progress silent() {
        return new Progress(new PrintWriter(PrintWriter.nullWriter()), System::nanoTime);
    }

    public synchronized void step(String what) {
        Duration since = Duration.ofNanos(nanoTime.getAsLong() - start);
        out.printf("[%5.1fs] %s%n", since.toMillis() / 1000.0, what);
        out.flush();
    }

    public synchronized void detail(String line) {
        out.println("         " + line);
        out.flush();
    }
}
