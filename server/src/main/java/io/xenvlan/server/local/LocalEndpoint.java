package io.xenvlan.server.local;

import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.api.ApiServer;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.auth.IssuedToken;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way in for other commands while this process holds a state directory's embedded store: the
 * same REST API (and the {@link LocalRoutes}) on a Unix domain socket in the state directory, which
 * is no network listener and which only the directory's owner can reach (0700 directory, 0600
 * socket), with an admin credential made for this run and announced in the 0600 {@link Announcement}.
 * Started last and stopped first, so an announced endpoint always has the store behind it.
 */
public final class LocalEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEndpoint.class);
    /** A Unix socket path holds at most 107 bytes; longer state directory paths get the socket in a private temporary directory. */
    private static final int MAX_SOCKET_PATH = 100;
    static final String SOCKET = "api.sock";
    /** The API's limits for a holder that has no API role of its own. */
    public static final HttpConfig LIMITS = new HttpConfig(HttpConfig.DEFAULT_HOST, 0, HttpConfig.DEFAULT_MAX_BODY_BYTES,
            HttpConfig.DEFAULT_SHUTDOWN_GRACE, false, true);

    private final Path stateDir;
    private final Path socket;
    private final Optional<Path> socketDir;
    private final TokenStore tokens;
    private final long tokenId;
    private final ApiServer server;
    private boolean closed;

    private LocalEndpoint(Path stateDir, Path socket, Optional<Path> socketDir, TokenStore tokens, long tokenId, ApiServer server) {
        this.stateDir = stateDir;
        this.socket = socket;
        this.socketDir = socketDir;
        this.tokens = tokens;
        this.tokenId = tokenId;
        this.server = server;
    }

    /**
     * Serves {@code services} (the API over {@code store}) on the state directory's socket and
     * announces it. {@code http} gives the API's limits; its TCP address is not used.
     */
    public static LocalEndpoint start(Path stateDir, JdbcStore store, ApiServices services, HttpConfig http, Clock clock) {
        Path dir = stateDir.toAbsolutePath().normalize();
        TokenStore tokens = ServiceWiring.tokens(store, clock);
        Announcement.read(dir).ifPresent(stale -> revokeQuietly(tokens, stale.tokenId())); // a killed holder's credential
        Path socket = dir.resolve(SOCKET);
        Optional<Path> socketDir = Optional.empty();
        try {
            if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                socketDir = Optional.of(Files.createTempDirectory("xenvlan-")); // 0700
                socket = socketDir.get().resolve(SOCKET);
            }
            Files.deleteIfExists(socket); // a killed holder's socket file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local API socket " + socket, e);
        }
        IssuedToken credential = tokens.create(Optional.empty(), "local endpoint of pid " + ProcessHandle.current().pid()
                + " (revoked when it stops)");
        ApiServer server;
        try {
            LocalRoutes local = new LocalRoutes(credential.secret(), dir, store, tokens, services.manager(), clock);
            server = ApiServer.startOnUnixSocket(services, http, socket, local::register);
            StateDirectory.ownerOnly(socket);
        } catch (RuntimeException e) {
            revokeQuietly(tokens, credential.record().id());
            throw e;
        }
        LocalEndpoint endpoint = new LocalEndpoint(dir, socket, socketDir, tokens, credential.record().id(), server);
        try {
            Announcement.ofThisProcess(socket, credential.secret(), credential.record().id()).write(dir);
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
        LOG.info("commands on {} go through this process: API on unix:{}", dir, socket);
        return endpoint;
    }

    Path socket() {
        return socket;
    }

    /** Withdraws the announcement, then stops serving and revokes the credential. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Announcement.read(stateDir).filter(Announcement::isThisProcess).ifPresent(a -> Announcement.remove(stateDir));
        try {
            server.close();
        } finally {
            revokeQuietly(tokens, tokenId);
            try {
                Files.deleteIfExists(socket);
                if (socketDir.isPresent()) {
                    Files.deleteIfExists(socketDir.get());
                }
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", socket, e.toString());
            }
        }
    }

    private static void revokeQuietly(TokenStore tokens, long id) {
        try {
            tokens.revoke(id);
        } catch (RuntimeException e) {
            LOG.debug("credential {} was not revoked: {}", id, e.toString());
        }
    }
}
