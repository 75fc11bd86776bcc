package io.xenvlan.server.compute;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PasswordSource;
import java.nio.file.Path;

/**
 * Where a pool registered through the API may read its password from. The server reads the source
 * and sends its content to the pool's URL, so an unrestricted source would let an API caller read
 * any file or variable of the server: only variables named {@code XENVLAN_POOL_*} and files inside
 * the pool secrets directory are accepted.
 */
public final class PoolSecrets {
    public static final String ENV_PREFIX = "XENVLAN_POOL_";

    private final Path directory;

    public PoolSecrets(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** @throws InvalidInputException naming {@code password_source} unless it is an allowed source */
    public PasswordSource check(String text) {
        PasswordSource source = PasswordSource.parse(text);
        boolean allowed;
        if (source instanceof PasswordSource.Environment e) {
            allowed = e.variable().startsWith(ENV_PREFIX);
        } else {
            Path file = ((PasswordSource.File) source).path();
            allowed = !text.contains("..") && file.isAbsolute() && file.normalize().startsWith(directory);
        }
        if (!allowed) {
            throw new InvalidInputException("password_source", "allowed", "password_source: over the API only env:" + ENV_PREFIX
                    + "* or file:<absolute path inside " + directory + ">");
        }
        return source;
    }
}
