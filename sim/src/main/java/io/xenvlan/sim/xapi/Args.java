package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.List;
import java.util.Map;

/** The arguments of one call after the session, read by position as typed values. */
final class Args {
    private final List<String> names;
    private final List<Object> values;

    Args(List<String> names, List<Object> values) {
        this.names = names;
        this.values = values;
    }

    int size() {
        return values.size();
    }

    /** The argument as decoded from the wire. */
    Object raw(int i) {
        return values.get(i);
    }

    private String name(int i) {
        return i < names.size() ? names.get(i) : "param" + i;
    }

    String string(int i) {
        return (String) Coerce.to(Kind.STRING, values.get(i), name(i));
    }

    long int64(int i) {
        return (Long) Coerce.to(Kind.INT, values.get(i), name(i));
    }

    boolean bool(int i) {
        return (Boolean) Coerce.to(Kind.BOOL, values.get(i), name(i));
    }

    double dbl(int i) {
        return (Double) Coerce.to(Kind.FLOAT, values.get(i), name(i));
    }

    @SuppressWarnings("unchecked")
    List<String> strings(int i) {
        return (List<String>) Coerce.to(Kind.SET_STRING, values.get(i), name(i));
    }

    Object value(int i, Kind kind) {
        return Coerce.to(kind, values.get(i), name(i));
    }

    /** A struct argument (a create record): its members as given. */
    @SuppressWarnings("unchecked")
    Map<String, Object> struct(int i) {
        if (!(values.get(i) instanceof Map<?, ?> map)) {
            throw XenApiFailure.of("FIELD_TYPE_ERROR", name(i));
        }
        return (Map<String, Object>) map;
    }

    /** A ref argument resolved to its object, or HANDLE_INVALID [class; ref]. */
    XObject ref(int i, ClassDef cls, Database db) {
        return db.get(cls, string(i));
    }
}
