package io.xenvlan.netnode.exec;

import io.xenvlan.core.error.BackendFailureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link LineSession} over a real process; its output is read by one thread into a queue (reads can then time out). */
final class ProcessLineSession implements LineSession {
    private static final String ENDED = "\u0000ended"; // put in the queue when the output closes (never a line of output)

    private final Command command;
    private final Process process;
    private final OutputStream in;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();

    ProcessLineSession(Command command, Process process, ExecutorService readers) {
        this.command = command;
        this.process = process;
        this.in = process.getOutputStream();
        readers.execute(this::readOutput);
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                out.add(line);
            }
        } catch (IOException e) {
            // the process was killed: the queue says it ended
        } finally {
            out.add(ENDED);
        }
    }

    @Override
    public synchronized List<String> ask(String line, int answers, Duration within) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("one line only: " + line);
        }
        if (!out.isEmpty()) {
            throw failure("OUT_OF_STEP", "printed before it was asked: " + String.join(" | ", drain()));
        }
        long deadline = System.nanoTime() + within.toNanos();
        try {
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<String> answered = new ArrayList<>(answers);
            while (answered.size() < answers) {
                String next = out.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw failure("TIMEOUT", "no answer within " + within.toMillis() + " ms to: " + line);
                }
                if (next.equals(ENDED)) {
                    throw failure("ENDED", "ended; it printed " + String.join(" | ", answered));
                }
                answered.add(next);
            }
            return answered;
        } catch (IOException e) {
            throw failure("ENDED", "cannot be written to: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("INTERRUPTED", "interrupted while waiting for its answer");
        }
    }

    /** Lines printed and not asked for yet. */
    int unread() {
        return out.size();
    }

    private List<String> drain() {
        List<String> lines = new ArrayList<>();
        out.drainTo(lines);
        lines.remove(ENDED);
        return lines;
    }

    private BackendFailureException failure(String code, String what) {
        return new BackendFailureException(command.program(), code, List.of(command.toString()), "'" + command + "' " + what, null);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
