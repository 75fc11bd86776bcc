package io.xenvlan.sim.xapi;

import io.xenvlan.sim.XenApiFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pool's sessions. One user name and password (a simulator has one account); sessions are
 * pool-wide and survive until logout or until an admin expires them.
 */
final class Sessions {
    private final String user;
    private final byte[] password;
    private final Map<String, Session> live = new ConcurrentHashMap<>();

    Sessions(String user, String password) {
        this.user = user;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    record Session(String ref, String uuid, String user, String originator) {
    }

    Session login(String uname, String pwd, String originator) {
        boolean ok = uname.equals(user)
                && MessageDigest.isEqual(password, pwd.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw XenApiFailure.of("SESSION_AUTHENTICATION_FAILED", uname, "Authentication failure");
        }
        Session s = new Session("OpaqueRef:" + UUID.randomUUID(), UUID.randomUUID().toString(), uname, originator);
        live.put(s.ref(), s);
        return s;
    }

    /** The live session with this ref, or SESSION_INVALID [ref]. */
    Session require(Object ref) {
        Session s = ref instanceof String r ? live.get(r) : null;
        if (s == null) {
            throw XenApiFailure.of("SESSION_INVALID", String.valueOf(ref));
        }
        return s;
    }

    void logout(String ref) {
        live.remove(ref);
    }

    /** Ends a session as if it had timed out; its next use fails with SESSION_INVALID. */
    boolean expire(String ref) {
        return live.remove(ref) != null;
    }

    int expireAll() {
        int n = live.size();
        live.clear();
        return n;
    }

    List<String> refs() {
        return List.copyOf(live.keySet());
    }
}
