package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool's sessions, with one user name and password (a simulator has one account).
 *
 * <p>As in xapi, a login is a {@code session} object in the database (so session.get_record
 * and the getters answer), usable on the master until logout or until an admin expires it; a
 * wrong password answers only after a delay that slows down password guessing (xapi waits
 * 5 s). {@code slave_local_login_with_password} makes a <em>local</em> session instead, kept
 * outside the database and good only on the host that made it, as a member's emergency login.
 */
final class Sessions {
    private final String user;
    private final byte[] password;
    private final Duration failedLoginDelay;
    private final Database db;
    private final Clock clock;
    /** Local sessions: ref -> the host that made it. */
    private final Map<String, String> local = new ConcurrentHashMap<>();

    Sessions(String user, String password, Duration failedLoginDelay, Database db, Clock clock) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.failedLoginDelay = failedLoginDelay;
        this.db = db;
        this.clock = clock;
    }

    /** A session as a call sees it; {@code localHost} is the host of a local session, else null. */
    record Session(String ref, String localHost) {
        boolean local() {
            return localHost != null;
        }
    }

    /** session.login_with_password: a database session on {@code hostRef}, or after the delay SESSION_AUTHENTICATION_FAILED. */
    String login(String uname, String pwd, String originator, String hostRef) {
        if (!matches(uname, pwd)) {
            pause(failedLoginDelay);
            throw authenticationFailed(uname);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("this_host", hostRef);
        values.put("last_active", clock.instant());
        values.put("is_local_superuser", true);
        values.put("auth_user_name", uname);
        values.put("originator", originator);
        return db.write(() -> db.create(Schema.SESSION, values).ref());
    }

    /** slave_local_login_with_password: a session only {@code hostRef} accepts; a wrong password fails at once, as in xapi. */
    String localLogin(String uname, String pwd, String hostRef) {
        if (!matches(uname, pwd)) {
            throw authenticationFailed(uname);
        }
        String ref = "OpaqueRef:" + UUID.randomUUID();
        local.put(ref, hostRef);
        return ref;
    }

    private boolean matches(String uname, String pwd) {
        return uname.equals(user) && MessageDigest.isEqual(password, pwd.getBytes(StandardCharsets.UTF_8));
    }

    private static XenApiFailure authenticationFailed(String uname) {
        return XenApiFailure.of("SESSION_AUTHENTICATION_FAILED", uname, "Authentication failure");
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The session a call at {@code hostRef} presents: a local session of that host, or a
     * database session; anything else is SESSION_INVALID [ref].
     */
    Session require(Object ref, String hostRef) {
        if (ref instanceof String r) {
            if (hostRef.equals(local.get(r))) {
                return new Session(r, hostRef);
            }
            if (db.read(() -> db.find(r).filter(o -> o.cls() == Schema.SESSION).isPresent())) {
                return new Session(r, null);
            }
        }
        throw XenApiFailure.of("SESSION_INVALID", String.valueOf(ref));
    }

    /** session.logout and local_logout: the session ends; a later use is SESSION_INVALID. */
    void logout(Session session) {
        if (session.local()) {
            local.remove(session.ref());
        } else {
            expire(session.ref());
        }
    }

    /** Ends a session as if it had timed out; its next use fails with SESSION_INVALID. */
    boolean expire(String ref) {
        return local.remove(ref) != null || db.write(() -> {
            XObject s = db.find(ref).filter(o -> o.cls() == Schema.SESSION).orElse(null);
            if (s != null) {
                db.destroy(s);
            }
            return s != null;
        });
    }

    int expireAll() {
        List<String> refs = refs();
        refs.forEach(this::expire);
        return refs.size();
    }

    /** Every live session, database and local. */
    List<String> refs() {
        List<String> refs = new ArrayList<>(db.read(() -> db.all(Schema.SESSION).stream().map(XObject::ref).toList()));
        refs.addAll(local.keySet());
        return refs;
    }
}
