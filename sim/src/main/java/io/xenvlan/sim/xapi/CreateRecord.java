package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record argument of a generated {@code X.create}, read the way xapi's dispatcher reads it:
 * the class's constructor fields in datamodel order, a member with a default may be left out,
 * members that are not constructor fields are ignored, and the first missing member without a
 * default is {@code INTERNAL_ERROR [Server_helpers.Dispatcher_FieldNotFound("field")]}. A member
 * of the wrong type is {@code FIELD_TYPE_ERROR [field]} (xapi answers an INTERNAL_ERROR with
 * its unmarshaller's message there).
 */
final class CreateRecord {
    private CreateRecord() {}

    /** Every constructor field of {@code cls}: given (coerced) or its default. */
    static Map<String, Object> read(ClassDef cls, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDef f : cls.fields()) {
            switch (f.ctor()) {
                case NONE -> { }
                case REQUIRED -> {
                    if (!given.containsKey(f.name())) {
                        throw fieldNotFound(f.name());
                    }
                    values.put(f.name(), Coerce.to(f.kind(), given.get(f.name()), f.name()));
                }
                case DEFAULTED -> values.put(f.name(), given.containsKey(f.name())
                        ? Coerce.to(f.kind(), given.get(f.name()), f.name()) : f.initial());
            }
        }
        return values;
    }

    /** What xapi's generated dispatcher raises for a missing member, as OCaml prints it. */
    static XenApiFailure fieldNotFound(String field) {
        return XenApiFailure.of("INTERNAL_ERROR", "Server_helpers.Dispatcher_FieldNotFound(\"" + field + "\")");
    }
}
