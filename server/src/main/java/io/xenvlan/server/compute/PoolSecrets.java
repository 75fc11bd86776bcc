package io.xenvlan.server.compute;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.hypervisor.PasswordSource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a pool registered through the API may read its password from. The server reads the source
 * and sends its content to the pool's URL, so an unrestricted source would let an API caller read
 * any file or variable of the server: only variables named {@code XENVLAN_POOL_<suffix>} and
 * regular files directly or deeper inside the pool secrets directory (no symbolic link on the way,
 * nothing resolving outside it) are accepted.
 */
public final class PoolSecrets {
    static final String ENV_PREFIX = "XENVLAN_POOL_";

    private final Path directory;

    public PoolSecrets(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    Path directory() {
        return directory;
    }

    /** @throws InvalidInputException naming {@code password_source} unless it is an allowed source */
    public PasswordSource check(String text) {
        PasswordSource source = PasswordSource.parse(text);
        if (source instanceof PasswordSource.Environment e) {
            if (!e.variable().startsWith(ENV_PREFIX) || e.variable().length() == ENV_PREFIX.length()) {
                throw refused("env:" + ENV_PREFIX + "<suffix> names the only variables a pool may read");
            }
            return source;
        }
        Path file = ((PasswordSource.File) source).path();
        if (text.contains("..") || !file.isAbsolute() || !file.normalize().startsWith(directory)) {
            throw refused("the file must lie inside " + directory);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw refused("no such file " + file + " (create it inside " + directory + " first)");
        }
        for (Path p = file.normalize(); p != null && p.startsWith(directory) && !p.equals(directory); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw refused("a symbolic link is not accepted (" + p + ")");
            }
        }
        if (!real.startsWith(realDirectory())) {
            throw refused("the file resolves outside " + directory);
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw refused("not a regular file: " + file);
        }
        return source;
    }

    /**
     * @throws InvalidInputException naming {@code url} for a URL that carries credentials
     * ({@code http://root:secret@host}): they would be stored and shown with the pool
     */
    public static URI checkUrl(URI url) {
        if (url.getRawUserInfo() != null) {
            throw new InvalidInputException("url", "no-credentials", "url: must not carry a user or password; give the user"
                    + " as 'user' (--user) and the password through 'password_source' (--password-file or --password-env)");
        }
        return url;
    }

    private Path realDirectory() {
        try {
            return directory.toRealPath();
        } catch (IOException e) {
            throw refused("the pool secrets directory " + directory + " does not exist");
        }
    }

    private InvalidInputException refused(String why) {
        return new InvalidInputException("password_source", "allowed", "password_source: over the API only env:" + ENV_PREFIX
                + "<suffix> or file:<absolute path of a regular file inside " + directory + ">; " + why);
    }
}
