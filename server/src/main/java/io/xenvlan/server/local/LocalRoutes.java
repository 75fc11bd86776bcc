package io.xenvlan.server.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.UnauthorizedException;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.netnode.DhcpScriptCall;
import io.xenvlan.server.auth.IssuedToken;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreBackup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        routes.get(PREFIX + "/tokens", ctx -> ctx.json(tokens.list().stream().map(TokenViews::view).toList()));
        routes.delete(PREFIX + "/tokens/{id}", this::revokeToken);
        routes.post(PREFIX + "/addresses/reclaim", ctx -> ctx.json(Map.of("freed", manager.reclaimStale())));
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
        ctx.json(Map.of("file", file.toString()));
    }

    private void requireLocalCredential(Context ctx) {
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        byte[] given = header.startsWith("Bearer ") ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, secret)) {
            throw new UnauthorizedException("the local endpoint takes only the credential its holder announced");
        }
    }

    private void createToken(Context ctx) {
        JsonNode body = body(ctx);
        Optional<ProjectId> project = body.hasNonNull("project") ? Optional.of(ProjectId.of(body.get("project").asText())) : Optional.empty();
        IssuedToken issued = tokens.create(project, body.path("description").asText(""), expiresAt(body));
        Map<String, Object> view = new java.util.LinkedHashMap<>(TokenViews.view(issued.record()));
        view.put("token", issued.secret());
        ctx.status(201).json(view);
    }

    /** {@code expires_at}: an ISO-8601 instant (the command turned its {@code --expires} age into one), or absent for never. */
    private static Optional<Instant> expiresAt(JsonNode body) {
        if (!body.hasNonNull("expires_at")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(body.get("expires_at").asText()));
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
        ctx.json(Map.of("revoked", id));
    }

    /** {@code {"args": [...], "env": {...}}}: dnsmasq's call as {@code xenvlan dhcp-event} received it. */
    private void leaseEvent(Context ctx) {
        JsonNode body = body(ctx);
        List<String> args = new ArrayList<>();
        body.path("args").forEach(a -> args.add(a.asText()));
        Map<String, String> env = new HashMap<>();
        body.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Optional<LeaseEvent> event = DhcpScriptCall.parse(args, env, clock);
        event.ifPresent(store::recordLeaseEvent);
        ctx.json(Map.of("recorded", event.isPresent()));
    }

    private static JsonNode body(Context ctx) {
        try {
            byte[] bytes = ctx.bodyAsBytes();
            JsonNode node = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            if (!node.isObject()) {
                throw new InvalidInputException("body", "object", "body: a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidInputException("body", "json", "body: not JSON");
        }
    }
}
