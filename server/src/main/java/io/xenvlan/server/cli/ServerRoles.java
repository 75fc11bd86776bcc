package io.xenvlan.server.cli;

import io.xenvlan.server.ServerRuntime;
import java.util.Optional;

/** The roles besides the API that this build can start. */
final class ServerRoles {
    private ServerRoles() {}

    /** The network node role, once the netnode module provides it. */
    static Optional<ServerRuntime.RoleStarter> netnode() {
        return Optional.empty();
    }
}
