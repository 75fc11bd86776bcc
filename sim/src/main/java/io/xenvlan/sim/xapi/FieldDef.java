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
 */
record FieldDef(String name, String column, Kind kind, Object initial, boolean writable) {
}
