package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Async.X.y as xapi runs it: the call answers at once with the ref of a {@code pending} task,
 * and the operation runs on a thread of its own. Here it starts after a configured time (so a
 * client always sees the task pending and must wait for it, as on a real pool where the work
 * takes that long); the task then holds the outcome: status success with the XML-RPC-encoded
 * result, or failure with error_info. A task destroyed while pending is left alone.
 */
final class AsyncTasks implements AutoCloseable {
    private final SimPool pool;
    private final Duration pending;
    private final ScheduledExecutorService runner;

    AsyncTasks(SimPool pool, Duration pending) {
        this.pool = pool;
        this.pending = pending;
        AtomicInteger n = new AtomicInteger();
        this.runner = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "xenvlan-sim-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates the pending task, schedules {@code call} and returns the task's ref. */
    String submit(String name, Supplier<Object> call) {
        Database db = pool.db();
        XObject task = db.write(() -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name_label", "Async." + name);
            values.put("created", pool.clock.instant());
            values.put("resident_on", pool.master().ref());
            return db.create(Schema.TASK, values);
        });
        runner.schedule(() -> complete(task, call), pending.toNanos(), TimeUnit.NANOSECONDS);
        return task.ref();
    }

    private void complete(XObject task, Supplier<Object> call) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        try {
            Object result = call.get();
            outcome.put("status", "success");
            outcome.put("result", "".equals(result) ? "" : "<value>" + xml(result) + "</value>");
        } catch (XenApiFailure e) {
            outcome.put("status", "failure");
            outcome.put("error_info", List.copyOf(e.description()));
        } catch (RuntimeException e) {
            outcome.put("status", "failure");
            outcome.put("error_info", List.of("INTERNAL_ERROR", e.toString()));
        }
        outcome.put("progress", 1.0);
        outcome.put("finished", pool.clock.instant());
        Database db = pool.db();
        db.write(() -> {
            if (db.find(task.ref()).isPresent()) {
                outcome.forEach((field, value) -> db.set(task, field, value));
            }
            return null;
        });
    }

    private static String xml(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("<array><data>");
            list.forEach(item -> sb.append("<value>").append(xml(item)).append("</value>"));
            return sb.append("</data></array>").toString();
        }
        return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
