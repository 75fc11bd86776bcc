package io.xenvlan.sim.ovs;

/** A data-plane command failed or could not run; the message names the command and its error output. */
public final class DataPlaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataPlaneException(String message) {
        super(message);
    }

    DataPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
