package io.xenvlan.sim.xapi;

/**
 * One field of a XenAPI class.
 *
 * @param name     the API name, namespaces joined with one underscore ({@code name_label})
 * @param column   the database column, namespaces joined with a double underscore
 *                 ({@code name__label}); what get_all_records_where filters on
 * @param kind     the value type
 * @param initial  the value a new object takes when nobody sets the field
 * @param writable whether the class has set_/add_to_/remove_from_ messages for it
 * @param ctor     whether the generated {@code X.create} record carries it, and with or without
 *                 a default
 */
record FieldDef(String name, String column, Kind kind, Object initial, boolean writable, Ctor ctor) {

    /** A field's place in the constructor record, as xapi's datamodel declares it. */
    enum Ctor {
        /** Not a constructor field (DynamicRO in the datamodel): ignored when given. */
        NONE,
        /** A constructor field without a default: a record without it is refused. */
        REQUIRED,
        /** A constructor field with a default ({@link FieldDef#initial()}). */
        DEFAULTED
    }

    FieldDef withCtor(Ctor c) {
        return new FieldDef(name, column, kind, initial, writable, c);
    }
}
