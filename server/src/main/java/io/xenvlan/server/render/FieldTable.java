package io.xenvlan.server.render;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;

/** A view printed one field of its JSON a line (what the {@code show} commands print), lists joined by commas. */
final class FieldTable {
    private FieldTable() {}

    static Table of(Object view) {
        Table t = new Table("FIELD", "VALUE");
        Fields.MAPPER.convertValue(view, Fields.TYPE)
                .forEach((k, v) -> t.row(k, v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : v));
        return t;
    }

    /** Jackson, loaded only by a {@code show} command (it is a good part of a command's start-up otherwise). */
    private static final class Fields {
        static final ObjectMapper MAPPER = new ObjectMapper();
        static final TypeReference<LinkedHashMap<String, Object>> TYPE = new TypeReference<>() { };
    }
}
