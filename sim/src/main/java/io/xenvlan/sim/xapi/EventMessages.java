package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * event.from(classes, token, timeout), as xapi computes it: one event per object changed since
 * the token, carrying the object's current record ("add" when created after the token, else
 * "mod"), plus "del" (no snapshot) for objects deleted since; objects both created and deleted
 * since the token are not reported. With nothing to report it blocks until something changes
 * or the timeout (seconds) passes. Classes are names ("vm"), "class/ref", or "*". As in xapi,
 * an event's id is a string, its timestamp always "0.0", and valid_ref_counts counts the
 * objects of every class (sessions too, which raise no events) as 32-bit ints.
 */
final class EventMessages {
    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,20})(,[0-9]{1,20})?");
    private static final double MAX_TIMEOUT_SECONDS = 3600;

    private EventMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(new Message("event.from", List.of("classes", "token", "timeout"), 0, true,
                Message.Access.OWN, false, (ctx, a) -> from(ctx.pool(), a.strings(0), a.string(1), a.dbl(2))));
        table.accept(Message.read("event.get_current_id", List.of(), (ctx, a) -> ctx.db().generation()));
    }

    static String token(long generation) {
        return String.format("%020d,%020d", generation, 0);
    }

    private static long parseToken(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        Matcher m = TOKEN.matcher(token);
        try {
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        } catch (NumberFormatException tooLarge) {
            // falls through to the parse failure
        }
        throw XenApiFailure.of("EVENT_FROM_TOKEN_PARSE_FAILURE", token);
    }

    static Map<String, Object> from(SimPool pool, List<String> classes, String token, double timeout) {
        long since = parseToken(token);
        Subscription sub = new Subscription(classes);
        Database db = pool.db();
        long timeoutNanos = (long) (Math.max(0, Math.min(timeout, MAX_TIMEOUT_SECONDS)) * 1e9);
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long[] seen = new long[1];
            Map<String, Object> batch = db.read(() -> {
                seen[0] = db.generation();
                return collect(pool, sub, since);
            });
            long left = deadline - System.nanoTime();
            if (!((List<?>) batch.get("events")).isEmpty() || left <= 0) {
                return batch;
            }
            try {
                db.awaitChange(seen[0], left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batch;
            }
        }
    }

    private static Map<String, Object> collect(SimPool pool, Subscription sub, long since) {
        Database db = pool.db();
        List<Map<String, Object>> events = new ArrayList<>();
        Map<String, Object> counts = new LinkedHashMap<>();
        for (ClassDef cls : Schema.ALL) {
            counts.put(cls.eventName(), db.count(cls)); // every table, an int32 on the wire
            if (!cls.events() || !sub.wantsClass(cls)) {
                continue;
            }
            for (XObject o : db.all(cls)) {
                if (o.modified() > since && sub.wants(cls, o.ref())) {
                    events.add(event(o.modified(), cls, o.created() > since ? "add" : "mod", o.ref(), o.record()));
                }
            }
        }
        for (Database.Tombstone t : db.tombstonesAfter(since)) {
            if (t.cls().events() && t.created() <= since && sub.wants(t.cls(), t.ref())) {
                events.add(event(t.deleted(), t.cls(), "del", t.ref(), null));
            }
        }
        events.sort(Comparator.comparingLong(e -> Long.parseLong((String) e.get("id"))));
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("events", events);
        batch.put("valid_ref_counts", counts);
        batch.put("token", token(db.generation()));
        return batch;
    }

    /** xapi's event.from record: the id as a string and the timestamp always "0.0". */
    private static Map<String, Object> event(long id, ClassDef cls, String op, String ref, Map<String, Object> snapshot) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", Long.toString(id));
        e.put("timestamp", "0.0");
        e.put("class", cls.eventName());
        e.put("operation", op);
        e.put("ref", ref);
        if (snapshot != null) {
            e.put("snapshot", snapshot);
        }
        return e;
    }

    /** The parsed classes argument: "*", class names (any case) and "class/ref". */
    private static final class Subscription {
        private final boolean everything;
        private final List<String> classes = new ArrayList<>();
        private final List<String> objects = new ArrayList<>();

        Subscription(List<String> entries) {
            boolean all = false;
            for (String entry : entries) {
                int slash = entry.indexOf('/');
                if (entry.equals("*")) {
                    all = true;
                } else if (slash > 0) {
                    objects.add(entry.substring(0, slash).toLowerCase(Locale.ROOT) + "/" + entry.substring(slash + 1));
                } else {
                    classes.add(entry.toLowerCase(Locale.ROOT));
                }
            }
            everything = all;
        }

        boolean wantsClass(ClassDef cls) {
            return everything || classes.contains(cls.eventName())
                    || objects.stream().anyMatch(o -> o.startsWith(cls.eventName() + "/"));
        }

        boolean wants(ClassDef cls, String ref) {
            return everything || classes.contains(cls.eventName()) || objects.contains(cls.eventName() + "/" + ref);
        }
    }
}
