package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Async.X.y: the simulator runs the call at once and answers with a task ref whose record
 * holds the outcome (status success with the XML-RPC-encoded result, or failure with
 * error_info). task.destroy removes it.
 */
final class TaskMessages {
    private TaskMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.write("task.destroy", List.of("self"), (ctx, a) -> {
            ctx.db().destroy(a.ref(0, Schema.TASK, ctx.db()));
            return "";
        }));
    }

    static String run(SimPool pool, String name, Supplier<Object> call) {
        Database db = pool.db();
        XObject task = db.write(() -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name_label", "Async." + name);
            values.put("created", pool.clock.instant());
            values.put("resident_on", pool.master().ref());
            return db.create(Schema.TASK, values);
        });
        Map<String, Object> outcome = new LinkedHashMap<>();
        try {
            Object result = call.get();
            outcome.put("status", "success");
            outcome.put("progress", 1.0);
            outcome.put("result", "".equals(result) ? "" : "<value>" + xml(result) + "</value>");
        } catch (XenApiFailure e) {
            outcome.put("status", "failure");
            outcome.put("error_info", List.copyOf(e.description()));
        }
        outcome.put("finished", pool.clock.instant());
        db.write(() -> {
            outcome.forEach((field, value) -> db.set(task, field, value));
            return null;
        });
        return task.ref();
    }

    private static String xml(Object value) {
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("<array><data>");
            list.forEach(item -> sb.append("<value>").append(xml(item)).append("</value>"));
            return sb.append("</data></array>").toString();
        }
        return String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
