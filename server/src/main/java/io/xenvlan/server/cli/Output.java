package io.xenvlan.server.cli;

import io.xenvlan.server.render.Table;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Prints a command's result: the table by default, JSON with {@code --json}. */
final class Output {
    private Output() {}

    static String json(Object value) {
        return Json.write(value);
    }

    /** Prints {@code json} as JSON when asked for, else the table (or {@code empty} when it has no rows). */
    static void print(PrintWriter out, GlobalOptions global, Object json, Supplier<Table> table, String empty) {
        if (global.json()) {
            out.println(json(json));
        } else {
            Table t = table.get();
            out.print(t.isEmpty() ? empty + "\n" : t.render());
        }
        out.flush();
    }

    /** Jackson, loaded only by a command that prints JSON (it is a good part of a command's start-up otherwise). */
    private static final class Json {
        private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        static String write(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
