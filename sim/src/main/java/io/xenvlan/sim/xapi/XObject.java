package io.xenvlan.sim.xapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the simulated database. Field values are immutable (String, Long, Boolean,
 * Double, Instant, unmodifiable List and Map), so a record copy can share them. Only
 * {@link Database} changes an object, under its write lock.
 */
final class XObject {
    private final ClassDef cls;
    private final String ref;
    private final Map<String, Object> values;
    private final long created;
    private long modified;

    XObject(ClassDef cls, String ref, Map<String, Object> values, long created) {
        this.cls = cls;
        this.ref = ref;
        this.values = values;
        this.created = created;
        this.modified = created;
    }

    ClassDef cls() {
        return cls;
    }

    String ref() {
        return ref;
    }

    long created() {
        return created;
    }

    long modified() {
        return modified;
    }

    void put(String field, Object value, long generation) {
        values.put(field, value);
        modified = generation;
    }

    Object get(String field) {
        Object v = values.get(field);
        if (v == null && !values.containsKey(field)) {
            throw new IllegalStateException(cls + " has no field " + field);
        }
        return v;
    }

    String str(String field) {
        return (String) get(field);
    }

    long int64(String field) {
        return (Long) get(field);
    }

    boolean bool(String field) {
        return (Boolean) get(field);
    }

    @SuppressWarnings("unchecked")
    List<String> refs(String field) {
        return (List<String>) get(field);
    }

    @SuppressWarnings("unchecked")
    Map<String, String> map(String field) {
        return (Map<String, String>) get(field);
    }

    String uuid() {
        return str("uuid");
    }

    /** A copy of the fields in record order: what get_record returns. */
    Map<String, Object> record() {
        return new LinkedHashMap<>(values);
    }

    @Override
    public String toString() {
        return cls + ":" + ref;
    }
}
