package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.util.List;
import java.util.function.Consumer;

/**
 * session.login_with_password (no session argument; version and originator optional; on a
 * member HOST_IS_SLAVE), slave_local_login_with_password (a session good only on the host it
 * was made on, also a member), logout and local_logout. The session's own fields and
 * get_record come with the class ({@link ObjectMessages}).
 */
final class SessionMessages {
    private SessionMessages() {}

    static void register(Consumer<Message> table) {
        table.accept(new Message("session.login_with_password", List.of("uname", "pwd", "version", "originator"),
                2, false, Message.Access.OWN, false, (ctx, a) -> {
                    String uname = a.string(0);
                    String pwd = a.string(1);
                    String originator = a.size() > 3 ? a.string(3) : "";
                    if (a.size() > 2) {
                        a.string(2);
                    }
                    if (!ctx.onMaster()) {
                        throw XenApiFailure.of("HOST_IS_SLAVE", ctx.db().read(() -> ctx.pool().master().str("address")));
                    }
                    return ctx.pool().sessions.login(uname, pwd, originator, ctx.hostRef());
                }));
        table.accept(new Message("session.slave_local_login_with_password", List.of("uname", "pwd"),
                0, false, Message.Access.OWN, false, (ctx, a) ->
                ctx.pool().sessions.localLogin(a.string(0), a.string(1), ctx.hostRef())));
        table.accept(new Message("session.logout", List.of(), 0, true, Message.Access.OWN, false, (ctx, a) -> {
            ctx.pool().sessions.logout(ctx.session());
            return "";
        }));
        table.accept(new Message("session.local_logout", List.of(), 0, true, Message.Access.OWN, false, (ctx, a) -> {
            if (ctx.session().local()) {
                ctx.pool().sessions.logout(ctx.session());
            }
            return "";
        }));
    }
}
