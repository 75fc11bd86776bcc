package io.xenvlan.server.local;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.UnauthorizedException;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.DhcpScriptCall;
import io.xenvlan.server.body.JsonBodies;
import io.xenvlan.server.body.LeaseEventBody;
import io.xenvlan.server.body.TokenBody;
import io.xenvlan.server.auth.IssuedToken;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreBackup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What only the owner of the state directory may do, and only on the holder's Unix socket (these
 * routes exist on no TCP port): the commands that work on the store itself rather than through the
 * REST API ({@code token create|list|revoke}, {@code address reclaim}, {@code dhcp-event}, {@code backup}). Every
 * call carries the announced local credential.
 */
final class LocalRoutes {
    static final String PREFIX = "/local";

    /** What a backup the holder writes for a command is called, in the state directory, until the command took it. */
    static final String BACKUP_PREFIX = ".backup-";

    private final byte[] secret;
    private final java.nio.file.Path stateDir;
    private final JdbcStore store;
    private final TokenStore tokens;
    private final VlanManager manager;
    private final Clock clock;

    LocalRoutes(String secret, java.nio.file.Path stateDir, JdbcStore store, TokenStore tokens, VlanManager manager, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.stateDir = stateDir;
        this.store = store;
        this.tokens = tokens;
        this.manager = manager;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.before(PREFIX + "/*", this::requireLocalCredential);
        routes.post(PREFIX + "/tokens", this::createToken);
        routes.get(PREFIX + "/tokens", ctx -> ctx.json(tokens.list().stream().map(TokenView::of).toList()));
        routes.delete(PREFIX + "/tokens/{id}", this::revokeToken);
        routes.post(PREFIX + "/addresses/reclaim", ctx -> ctx.json(new LocalAnswers.Freed(manager.reclaimStale())));
        routes.post(PREFIX + "/lease-events", this::leaseEvent);
        routes.post(PREFIX + "/backup", this::backup);
    }

    /**
     * A consistent copy of the store while it is in use ({@link StoreBackup}), written into the state directory
     * (0600) for the command that asked, which copies it where it was told and deletes this one.
     */
    private void backup(Context ctx) {
        java.nio.file.Path file = stateDir.resolve(BACKUP_PREFIX + java.util.UUID.randomUUID() + ".sql.gz");
        StoreBackup.write(store.dataSource(), file);
        ctx.json(new LocalAnswers.BackupFile(file.toString()));
    }

    private void requireLocalCredential(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        byte[] given = header.startsWith("Bearer ") ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, secret)) {
            throw new UnauthorizedException("the local endpoint takes only the credential its holder announced");
        }
    }

    private void createToken(Context ctx) {
        TokenBody body = JsonBodies.parse(ctx.bodyAsBytes(), TokenBody.class);
        Optional<ProjectId> project = Optional.ofNullable(body.project()).map(ProjectId::of);
        IssuedToken issued = tokens.create(project, Optional.ofNullable(body.description()).orElse(""), expiresAt(body));
        ctx.status(201).json(new IssuedTokenView(TokenView.of(issued.record()), issued.secret()));
    }

    /** {@code expires_at}: an ISO-8601 instant (the command turned its {@code --expires} age into one), or absent for never. */
    private static Optional<Instant> expiresAt(TokenBody body) {
        if (body.expiresAt() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(body.expiresAt()));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("expires_at", "instant", "expires_at: an ISO-8601 instant such as 2030-01-31T12:00:00Z");
        }
    }

    private void revokeToken(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("id", "integer", "id: a token id (a whole number)");
        }
        tokens.revoke(id);
        ctx.json(new LocalAnswers.Revoked(id));
    }

    /** {@code {"args": [...], "env": {...}}}: dnsmasq's call as {@code xenvlan dhcp-event} received it. */
    private void leaseEvent(Context ctx) {
        LeaseEventBody body = JsonBodies.parse(ctx.bodyAsBytes(), LeaseEventBody.class);
        List<String> args = Optional.ofNullable(body.args()).orElse(List.of());
        Map<String, String> env = Optional.ofNullable(body.env()).orElse(Map.of());
        Optional<LeaseEvent> event = DhcpScriptCall.parse(args, env, clock);
        event.ifPresent(store::recordLeaseEvent);
        ctx.json(new LocalAnswers.Recorded(event.isPresent()));
    }
}
