package io.xenvlan.sim.xapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A XenAPI class: its wire name ("PIF", "network"), fields in record order, whether its changes
 * are events (xapi's {@code gen_events}) and whether it has the get_all family of messages.
 */
final class ClassDef {
    private final String name;
    private final List<FieldDef> fields;
    private final boolean events;
    private final boolean listable;
    private final Map<String, FieldDef> byName = new LinkedHashMap<>();
    private final Map<String, FieldDef> byColumn = new LinkedHashMap<>();

    ClassDef(String name, List<FieldDef> fields) {
        this(name, fields, true, true);
    }

    /**
     * @param events   whether event.from reports its objects
     * @param listable whether it has get_all, get_all_records and get_all_records_where
     */
    ClassDef(String name, List<FieldDef> fields, boolean events, boolean listable) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.events = events;
        this.listable = listable;
        for (FieldDef f : fields) {
            byName.put(f.name(), f);
            byColumn.put(f.column(), f);
        }
    }

    String name() {
        return name;
    }

    /** The name event.from uses: lower case ("vm", "pif"). */
    String eventName() {
        return name.toLowerCase(Locale.ROOT);
    }

    List<FieldDef> fields() {
        return fields;
    }

    boolean events() {
        return events;
    }

    boolean listable() {
        return listable;
    }

    Optional<FieldDef> field(String fieldName) {
        return Optional.ofNullable(byName.get(fieldName));
    }

    FieldDef require(String fieldName) {
        FieldDef f = byName.get(fieldName);
        if (f == null) {
            throw new IllegalStateException(name + " has no field " + fieldName);
        }
        return f;
    }

    /** The field stored in database column {@code column} ({@code name__label}). */
    Optional<FieldDef> column(String column) {
        return Optional.ofNullable(byColumn.get(column));
    }

    boolean hasNameLabel() {
        return byName.containsKey("name_label");
    }

    @Override
    public String toString() {
        return name;
    }
}
