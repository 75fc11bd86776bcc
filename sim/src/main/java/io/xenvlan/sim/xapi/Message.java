package io.xenvlan.sim.xapi;

import java.util.List;

/**
 * A XenAPI message the simulator answers.
 *
 * @param name      {@code class.message}, e.g. {@code VLAN.create}
 * @param params    parameter names after the session (used in errors)
 * @param optional  how many trailing parameters may be left out (they have defaults)
 * @param session   whether the first wire argument is a session ref
 * @param access    how the database lock is taken around the handler
 * @param handler   the semantics
 */
record Message(String name, List<String> params, int optional, boolean session, Access access, Handler handler) {

    enum Access {
        /** Queries: run under the read lock. */
        READ,
        /** Changes: run under the write lock; subject to --fail-rate. */
        WRITE,
        /** The handler takes the lock itself (event.from blocks outside it). */
        OWN
    }

    @FunctionalInterface
    interface Handler {
        Object handle(Ctx ctx, Args args);
    }

    /** What a handler sees besides its arguments: the pool and the caller's session. */
    record Ctx(SimPool pool, Sessions.Session session) {
        Database db() {
            return pool.db();
        }
    }

    static Message read(String name, List<String> params, Handler h) {
        return new Message(name, params, 0, true, Access.READ, h);
    }

    static Message write(String name, List<String> params, Handler h) {
        return new Message(name, params, 0, true, Access.WRITE, h);
    }

    int maxArity() {
        return params.size() + (session ? 1 : 0);
    }

    int minArity() {
        return maxArity() - optional;
    }

    boolean mutating() {
        return access == Access.WRITE;
    }
}
