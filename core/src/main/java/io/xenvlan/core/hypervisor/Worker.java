package io.xenvlan.core.hypervisor;

import java.util.Objects;
import java.util.UUID;

/**
 * A process that runs attach and detach operations, as the store knows it: a random id per
 * process start and a name for people (host and pid). Its heartbeat in the store tells other
 * processes whether the operations it holds are still in hand.
 */
public record Worker(UUID id, String name) {
    public Worker {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** A new worker for this process. */
    public static Worker forThisProcess() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String name = host + " pid " + ProcessHandle.current().pid();
        return new Worker(UUID.randomUUID(), name.length() > 255 ? name.substring(0, 255) : name);
    }
}
