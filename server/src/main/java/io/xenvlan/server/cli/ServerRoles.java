package io.xenvlan.server.cli;

import io.xenvlan.server.ServerRuntime;
import java.util.Optional;

/** The roles besides the API that this build can start. */
final class ServerRoles {
    private ServerRoles() {}

    /** The network node role (see {@link NetnodeRoleStarter}). */
    static Optional<ServerRuntime.RoleStarter> netnode() {
        return Optional.of(new NetnodeRoleStarter());
    }
}
