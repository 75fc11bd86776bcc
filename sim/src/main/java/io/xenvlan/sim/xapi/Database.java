package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The simulated xapi database: tables of objects, a generation counter bumped by every write
 * (event.from tokens are generations), tombstones of deleted objects, and the one-to-many
 * relations of {@link Schema#RELATIONS} kept in step like xapi's own database does.
 *
 * <p>One read-write lock guards everything; messages run wholly inside {@link #read} or
 * {@link #write}, so each XenAPI call is atomic. Reads (the common case) run in parallel.
 */
final class Database {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<ClassDef, Map<String, XObject>> tables = new HashMap<>();
    private final Map<String, XObject> byRef = new HashMap<>();
    private final Map<String, XObject> byUuid = new HashMap<>();
    private final List<Tombstone> tombstones = new ArrayList<>();
    private final Object changeMonitor = new Object();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong waits = new AtomicLong();
    private final Random random;
    private volatile long generation;

    Database(long seed) {
        this.random = new Random(seed);
        for (ClassDef c : Schema.ALL) {
            tables.put(c, new LinkedHashMap<>());
        }
    }

    <T> T read(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> body) {
        lock.writeLock().lock();
        long before = generation;
        try {
            return body.get();
        } finally {
            boolean changed = generation != before;
            lock.writeLock().unlock();
            if (changed) {
                synchronized (changeMonitor) {
                    changeMonitor.notifyAll();
                }
            }
        }
    }

    /** Waits until the generation passes {@code since} or the timeout elapses. */
    void awaitChange(long since, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        waits.incrementAndGet();
        waiting.incrementAndGet();
        try {
            synchronized (changeMonitor) {
                long left;
                while (generation <= since && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(changeMonitor, left);
                }
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Callers blocked in {@link #awaitChange} now (lets tests see that event.from blocks). */
    int waiting() {
        return waiting.get();
    }

    /** How many times a caller has started to wait in {@link #awaitChange}. */
    long waits() {
        return waits.get();
    }

    long generation() {
        return generation;
    }

    String newUuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** Creates an object: initial values, then {@code values}; a fresh uuid and ref. */
    XObject create(ClassDef cls, Map<String, Object> values) {
        values.values().forEach(Database::checkMapKeys);
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldDef f : cls.fields()) {
            row.put(f.name(), f.initial());
        }
        row.putAll(values);
        if ("".equals(row.get("uuid"))) {
            row.put("uuid", newUuid());
        }
        String ref = "OpaqueRef:" + newUuid();
        XObject o = new XObject(cls, ref, row, ++generation);
        tables.get(cls).put(ref, o);
        byRef.put(ref, o);
        byUuid.put(o.uuid(), o);
        for (Schema.Relation r : Schema.RELATIONS) {
            if (r.child() == cls) {
                link(r, o.str(r.childField()), ref, true);
            }
        }
        return o;
    }

    void set(XObject o, String field, Object value) {
        checkMapKeys(value);
        for (Schema.Relation r : Schema.RELATIONS) {
            if (r.child() == o.cls() && r.childField().equals(field)) {
                link(r, o.str(field), o.ref(), false);
                link(r, (String) value, o.ref(), true);
            }
        }
        o.put(field, value, ++generation);
    }

    void destroy(XObject o) {
        for (Schema.Relation r : Schema.RELATIONS) {
            if (r.child() == o.cls()) {
                link(r, o.str(r.childField()), o.ref(), false);
            }
        }
        tables.get(o.cls()).remove(o.ref());
        byRef.remove(o.ref());
        byUuid.remove(o.uuid());
        tombstones.add(new Tombstone(o.cls(), o.ref(), o.created(), ++generation));
    }

    /**
     * xapi's database refuses a map with an empty key wherever it is written (create, set_,
     * add_to_) with an exception no error code covers, so the client gets its OCaml name.
     */
    private static void checkMapKeys(Object value) {
        if (value instanceof Map<?, ?> map && map.containsKey("")) {
            throw XenApiFailure.of("INTERNAL_ERROR", "Db_exn.Empty_key_in_map");
        }
    }

    private void link(Schema.Relation r, String parentRef, String childRef, boolean add) {
        XObject parent = byRef.get(parentRef);
        if (parent == null || parent.cls() != r.parent()) {
            return;
        }
        List<String> set = new ArrayList<>(parent.refs(r.parentField()));
        boolean changed = add ? !set.contains(childRef) && set.add(childRef) : set.remove(childRef);
        if (changed) {
            parent.put(r.parentField(), Collections.unmodifiableList(set), ++generation);
        }
    }

    Optional<XObject> find(String ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    /** The object of class {@code cls} with this ref, or HANDLE_INVALID [class; ref]. */
    XObject get(ClassDef cls, String ref) {
        XObject o = byRef.get(ref);
        if (o == null || o.cls() != cls) {
            throw XenApiFailure.of("HANDLE_INVALID", cls.name(), ref);
        }
        return o;
    }

    /** The object of class {@code cls} with this uuid, or UUID_INVALID [class; uuid]. */
    XObject byUuid(ClassDef cls, String uuid) {
        XObject o = byUuid.get(uuid);
        if (o == null || o.cls() != cls) {
            throw XenApiFailure.of("UUID_INVALID", cls.name(), uuid);
        }
        return o;
    }

    Collection<XObject> all(ClassDef cls) {
        return Collections.unmodifiableCollection(tables.get(cls).values());
    }

    int count(ClassDef cls) {
        return tables.get(cls).size();
    }

    List<Tombstone> tombstonesAfter(long since) {
        List<Tombstone> out = new ArrayList<>();
        for (int i = tombstones.size() - 1; i >= 0 && tombstones.get(i).deleted() > since; i--) {
            out.add(tombstones.get(i));
        }
        Collections.reverse(out);
        return out;
    }

    /** An object deleted at generation {@code deleted}: event.from reports it as "del". */
    record Tombstone(ClassDef cls, String ref, long created, long deleted) {
    }
}
