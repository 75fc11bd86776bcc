package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The messages every class has: get_record, get_by_uuid, get_by_name_label (exact match, a
 * set: labels are not unique), a getter per field, set_/add_to_/remove_from_/add_/remove_ for
 * the writable fields, and for the listable classes get_all, get_all_records and
 * get_all_records_where. Map keys are checked by the database ({@link Database#set}).
 */
final class ObjectMessages {
    private ObjectMessages() {}

    static void register(ClassDef cls, Consumer<Message> table) {
        String c = cls.name();
        table.accept(Message.read(c + ".get_record", List.of("self"), (ctx, a) ->
                a.ref(0, cls, ctx.db()).record()));
        table.accept(Message.read(c + ".get_by_uuid", List.of("uuid"), (ctx, a) ->
                ctx.db().byUuid(cls, a.string(0)).ref()));
        if (cls.listable()) {
            table.accept(Message.read(c + ".get_all", List.of(), (ctx, a) ->
                    ctx.db().all(cls).stream().map(XObject::ref).toList()));
            table.accept(Message.read(c + ".get_all_records", List.of(), (ctx, a) ->
                    records(ctx.db(), cls, null)));
            table.accept(Message.read(c + ".get_all_records_where", List.of("expr"), (ctx, a) ->
                    records(ctx.db(), cls, checked(cls, a.string(0)))));
        }
        if (cls.hasNameLabel()) {
            table.accept(Message.read(c + ".get_by_name_label", List.of("label"), (ctx, a) -> {
                String label = a.string(0);
                return ctx.db().all(cls).stream().filter(o -> o.str("name_label").equals(label))
                        .map(XObject::ref).toList();
            }));
        }
        for (FieldDef f : cls.fields()) {
            table.accept(Message.read(c + ".get_" + f.name(), List.of("self"), (ctx, a) ->
                    a.ref(0, cls, ctx.db()).get(f.name())));
            if (f.writable()) {
                registerWriters(cls, f, table);
            }
        }
    }

    private static void registerWriters(ClassDef cls, FieldDef f, Consumer<Message> table) {
        String c = cls.name();
        table.accept(Message.write(c + ".set_" + f.name(), List.of("self", "value"), (ctx, a) -> {
            XObject o = a.ref(0, cls, ctx.db());
            ctx.db().set(o, f.name(), a.value(1, f.kind()));
            return "";
        }));
        if (f.kind() == Kind.MAP) {
            table.accept(Message.write(c + ".add_to_" + f.name(), List.of("self", "key", "value"), (ctx, a) -> {
                XObject o = a.ref(0, cls, ctx.db());
                String key = a.string(1);
                String value = a.string(2);
                Map<String, String> m = new LinkedHashMap<>(o.map(f.name()));
                if (m.containsKey(key)) {
                    throw XenApiFailure.of("MAP_DUPLICATE_KEY", c, f.name(), o.ref(), key);
                }
                m.put(key, value);
                ctx.db().set(o, f.name(), Collections.unmodifiableMap(m));
                return "";
            }));
            table.accept(Message.write(c + ".remove_from_" + f.name(), List.of("self", "key"), (ctx, a) -> {
                XObject o = a.ref(0, cls, ctx.db());
                Map<String, String> m = new LinkedHashMap<>(o.map(f.name()));
                if (m.remove(a.string(1)) != null) {
                    ctx.db().set(o, f.name(), Collections.unmodifiableMap(m));
                }
                return "";
            }));
        } else if (f.kind().isSet()) {
            table.accept(Message.write(c + ".add_" + f.name(), List.of("self", "value"), (ctx, a) -> {
                XObject o = a.ref(0, cls, ctx.db());
                List<String> s = new ArrayList<>(o.refs(f.name()));
                String v = a.string(1);
                if (!s.contains(v)) {
                    s.add(v);
                    ctx.db().set(o, f.name(), Collections.unmodifiableList(s));
                }
                return "";
            }));
            table.accept(Message.write(c + ".remove_" + f.name(), List.of("self", "value"), (ctx, a) -> {
                XObject o = a.ref(0, cls, ctx.db());
                List<String> s = new ArrayList<>(o.refs(f.name()));
                if (s.remove(a.string(1))) {
                    ctx.db().set(o, f.name(), Collections.unmodifiableList(s));
                }
                return "";
            }));
        }
    }

    /**
     * Parses the expression and checks its field names against the class's database columns
     * (or {@code _ref}). The simulator rejects an unknown column up front with INVALID_VALUE;
     * xapi fails with an internal database error when it meets one while scanning rows.
     */
    private static Filter checked(ClassDef cls, String expr) {
        Filter filter = Filter.parse(expr);
        for (String column : filter.fields()) {
            if (!column.equals("_ref") && cls.column(column).isEmpty()) {
                throw XenApiFailure.of("INVALID_VALUE", expr, "no field '" + column + "' in class " + cls.name());
            }
        }
        return filter;
    }

    private static Map<String, Object> records(Database db, ClassDef cls, Filter filter) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (XObject o : db.all(cls)) {
            if (filter == null || filter.matches(col -> col.equals("_ref") ? o.ref()
                    : DbStrings.of(o.get(cls.column(col).orElseThrow().name())))) {
                out.put(o.ref(), o.record());
            }
        }
        return out;
    }
}
