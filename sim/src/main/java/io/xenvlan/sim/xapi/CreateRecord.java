package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record argument of a generated {@code X.create}: unknown members are ignored, a member
 * with a default may be left out, a missing member without a default is
 * {@code FIELD_TYPE_ERROR [field]}, and so is a member of the wrong type.
 */
final class CreateRecord {
    private final ClassDef cls;
    private final Map<String, Object> given;

    CreateRecord(ClassDef cls, Map<String, Object> given) {
        this.cls = cls;
        this.given = given;
    }

    Object required(String field) {
        if (!given.containsKey(field)) {
            throw XenApiFailure.of("FIELD_TYPE_ERROR", field);
        }
        return Coerce.to(cls.require(field).kind(), given.get(field), field);
    }

    /** The given members among {@code fields}, coerced; absent ones are left out. */
    Map<String, Object> optional(String... fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) {
            if (given.containsKey(f)) {
                out.put(f, Coerce.to(cls.require(f).kind(), given.get(f), f));
            }
        }
        return out;
    }
}
