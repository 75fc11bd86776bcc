package io.xenvlan.server.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.auth.IssuedToken;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.server.local.TokenViews;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.render.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code xenvlan token create|list|revoke}: the REST API's bearer tokens (stored hashed; shown once). */
@Command(name = "token", description = "Create, list and revoke REST API bearer tokens.", mixinStandardHelpOptions = true,
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Table table(List<Map<String, Object>> tokens) {
        Table t = new Table("ID", "ROLE", "PROJECT", "DESCRIPTION", "CREATED", "EXPIRES", "REVOKED");
        tokens.forEach(v -> t.row(v.get("id"), v.get("role"), v.get("project"), v.get("description"), v.get("created_at"),
                v.get("expires_at"), v.get("revoked_at")));
        return t;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print it once (only its SHA-256 is stored).")
    static final class Create implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1") Scope scope;
        @Option(names = "--description", defaultValue = "", description = "what the token is for") String description;
        @Option(names = "--expires", paramLabel = "AGE",
                description = "the token stops working after AGE, e.g. 12h, 30d or 8w (default: never)") String expires;

        static final class Scope {
            @Option(names = "--admin", required = true, description = "a token for everything") boolean admin;
            @Option(names = "--project", required = true, paramLabel = "P",
                    description = "a token that sees and changes only project P's networks and VIFs") String project;
        }

        @Override
        public void run() {
            Optional<ProjectId> project = scope.admin ? Optional.empty() : Optional.of(ProjectId.of(scope.project));
            Optional<Instant> expiresAt = Optional.ofNullable(expires)
                    .map(a -> Instant.now().plus(age(a)).truncatedTo(ChronoUnit.SECONDS));
            try (StoreTurn turn = global.turn()) {
                Map<String, Object> json;
                if (turn instanceof StoreTurn.Held held) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("project", project.map(ProjectId::value).orElse(null));
                    body.put("description", description);
                    body.put("expires_at", expiresAt.map(Instant::toString).orElse(null));
                    json = asMap(held.client().post("/local/tokens", body));
                } else {
                    IssuedToken issued = tokens(((StoreTurn.Opened) turn).store()).create(project, description, expiresAt);
                    json = new LinkedHashMap<>(TokenViews.view(issued.record()));
                    json.put("token", issued.secret());
                }
                Output.print(spec.commandLine().getOut(), global, json, () -> {
                    Table t = new Table("FIELD", "VALUE");
                    json.forEach(t::row);
                    return t;
                }, "");
                if (!global.json()) {
                    spec.commandLine().getOut().println("Keep the token now: it is not shown again. Use it as XENVLAN_TOKEN "
                            + "or in 'Authorization: Bearer <token>'.");
                    spec.commandLine().getOut().flush();
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;

        @Override
        public void run() {
            try (StoreTurn turn = global.turn()) {
                List<Map<String, Object>> all = new ArrayList<>();
                if (turn instanceof StoreTurn.Held held) {
                    held.client().get("/local/tokens").forEach(t -> all.add(asMap(t)));
                } else {
                    tokens(((StoreTurn.Opened) turn).store()).list().forEach(t -> all.add(TokenViews.view(t)));
                }
                Output.print(spec.commandLine().getOut(), global, all, () -> table(all), "no tokens");
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token (every API process stops accepting it within 5 s).")
    static final class Revoke implements Runnable {
        @Mixin GlobalOptions global;
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID") long id;

        @Override
        public void run() {
            try (StoreTurn turn = global.turn()) {
                if (turn instanceof StoreTurn.Held held) {
                    held.client().delete("/local/tokens/" + id);
                } else {
                    tokens(((StoreTurn.Opened) turn).store()).revoke(id);
                }
                Output.print(spec.commandLine().getOut(), global, Map.of("revoked", id), () -> {
                    Table t = new Table("REVOKED");
                    t.row(id);
                    return t;
                }, "");
            }
        }
    }

    /** {@code 90m}, {@code 12h}, {@code 30d} or {@code 8w}, at most ten years. @throws InvalidInputException naming {@code expires} */
    static Duration age(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([1-9][0-9]{0,5})(m|h|d|w)").matcher(text.trim());
        Duration age = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            age = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
        }
        if (age == null || age.compareTo(Duration.ofDays(3653)) > 0) {
            throw new InvalidInputException("expires", "age", "expires: expected an age such as 90m, 12h, 30d or 8w (at most"
                    + " ten years), got '" + (text.length() > 30 ? text.substring(0, 30) + "..." : text) + "'");
        }
        return age;
    }

    /** A holder's JSON reply as the map the table and --json print (a mapper made only then: not at every command's start). */
    static Map<String, Object> asMap(JsonNode node) {
        return new ObjectMapper().convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    static TokenStore tokens(JdbcStore store) {
        return ServiceWiring.tokens(store, Clock.systemUTC());
    }
}
