package io.xenvlan.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/** Prints a command's result: the table by default, JSON with {@code --json}. */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints {@code json} as JSON when asked for, else the table (or {@code empty} when it has no rows). */
    public static void print(PrintWriter out, GlobalOptions global, Object json, Supplier<Table> table, String empty) {
        if (global.json()) {
            out.println(json(json));
        } else {
            Table t = table.get();
            out.print(t.isEmpty() ? empty + "\n" : t.render());
        }
        out.flush();
    }
}
