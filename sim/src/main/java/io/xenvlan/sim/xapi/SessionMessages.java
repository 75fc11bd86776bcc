package io.xenvlan.sim.xapi;

import java.util.List;
import java.util.function.Consumer;

/** session.login_with_password (no session argument; version and originator optional), logout. */
final class SessionMessages {
    private SessionMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(new Message("session.login_with_password", List.of("uname", "pwd", "version", "originator"),
                2, false, Message.Access.OWN, (ctx, a) -> {
                    String originator = a.size() > 3 ? a.string(3) : "";
                    if (a.size() > 2) {
                        a.string(2);
                    }
                    return ctx.pool().sessions.login(a.string(0), a.string(1), originator).ref();
                }));
        table.accept(new Message("session.logout", List.of(), 0, true, Message.Access.OWN, (ctx, a) -> {
            ctx.pool().sessions.logout(ctx.session().ref());
            return "";
        }));
        table.accept(Message.read("session.get_this_host", List.of("self"), (ctx, a) -> {
            ctx.pool().sessions.require(a.string(0));
            return ctx.pool().master().ref();
        }));
    }
}
