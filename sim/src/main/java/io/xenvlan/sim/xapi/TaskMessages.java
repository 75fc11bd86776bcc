package io.xenvlan.sim.xapi;

import java.util.List;
import java.util.function.Consumer;

/** task.destroy; the tasks themselves come from {@link AsyncTasks}. */
final class TaskMessages {
    private TaskMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(Message.write("task.destroy", List.of("self"), (ctx, a) -> {
            ctx.db().destroy(a.ref(0, Schema.TASK, ctx.db()));
            return "";
        }));
    }
}
