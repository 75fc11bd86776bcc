package io.xenvlan.xenapi.client;

import java.time.Duration;

/**
 * Hears about every XenAPI request a {@link XenApiClient} sends: logins, re-logins, the retry
 * after a redirect and logouts each count as a call of their own. It learns the method, never the
 * parameters (they hold passwords and session references). Called on the calling thread right
 * after the reply (or failure), so it must be quick and must not throw.
 */
@FunctionalInterface
public interface XenApiCallObserver {
    /** The code passed on success. */
    String NO_ERROR = "none";

    /** An observer that does nothing (the default). */
    XenApiCallObserver NONE = (method, errorCode, elapsed) -> { };

    /**
     * @param method    the XenAPI message, e.g. {@code VLAN.create}
     * @param errorCode {@link #NO_ERROR} on success, else the pool's error code ({@code VLAN_TAG_INVALID})
     *                  or the client's own {@code XENVLAN_*} code
     * @param elapsed   wall time from sending the request to reading the reply or failing
     */
    void onCall(String method, String errorCode, Duration elapsed);
}
