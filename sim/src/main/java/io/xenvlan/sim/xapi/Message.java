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
 * @param async     whether {@code Async.}name exists (xapi: custom messages and constructors /
 *                  destructors by default; never getters, setters or the session, event and
 *                  task messages)
 * @param handler   the semantics
 */
record Message(String name, List<String> params, int optional, boolean session, Access access, boolean async,
               Handler handler) {

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

    /**
     * What a handler sees besides its arguments: the pool, the caller's session (null for the
     * login messages) and the host whose endpoint the call arrived at.
     */
    record Ctx(SimPool pool, Sessions.Session session, String hostRef, boolean onMaster) {
        Database db() {
            return pool.db();
        }
    }

    /** A query without an async form (getters, get_record, get_all...). */
    static Message read(String name, List<String> params, Handler h) {
        return new Message(name, params, 0, true, Access.READ, false, h);
    }

    /** A change without an async form (setters, task.destroy). */
    static Message write(String name, List<String> params, Handler h) {
        return new Message(name, params, 0, true, Access.WRITE, false, h);
    }

    /** A change with an async form: what xapi's datamodel declares by default. */
    static Message call(String name, List<String> params, Handler h) {
        return new Message(name, params, 0, true, Access.WRITE, true, h);
    }

    /** Parameters a caller must send, the session not counted: what MESSAGE_PARAMETER_COUNT_MISMATCH reports. */
    int required() {
        return params.size() - optional;
    }

    /**
     * Whether {@code sent} wire arguments (session included) fit. As in xapi's generated
     * dispatcher, a message with defaulted parameters takes any number from the required ones
     * up (extra ones are ignored); any other message takes exactly its parameters.
     */
    boolean accepts(int sent) {
        int given = sent - (session ? 1 : 0);
        return optional > 0 ? given >= required() : given == params.size();
    }

    /** The received count MESSAGE_PARAMETER_COUNT_MISMATCH reports: the session not counted. */
    int received(int sent) {
        return sent - (session ? 1 : 0);
    }

    boolean mutating() {
        return access == Access.WRITE;
    }
}
