package io.xenvlan.sim.wire;

/** A request body that is not a well-formed call of the protocol; never a XenAPI error. */
public final class MalformedRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRequestException(String message) {
        super(message);
    }

    MalformedRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
