package io.xenvlan.server.cli;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.auth.IssuedToken;
import io.xenvlan.server.body.TokenBody;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.server.local.IssuedTokenView;
import io.xenvlan.server.local.LocalAnswers;
import io.xenvlan.server.local.TokenView;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.render.Table;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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

    static Table table(List<TokenView> tokens) {
        Table t = new Table("ID", "ROLE", "PROJECT", "DESCRIPTION", "CREATED", "EXPIRES", "REVOKED");
        tokens.forEach(v -> t.row(v.id(), v.role(), v.project(), v.description(), v.createdAt(), v.expiresAt(), v.revokedAt()));
        return t;
    }

    /** A token just made, one field a line, its secret last. */
    static Table fields(IssuedTokenView issued) {
        TokenView v = issued.view();
        return new Table("FIELD", "VALUE").row("id", v.id()).row("role", v.role()).row("project", v.project())
                .row("description", v.description()).row("created_at", v.createdAt()).row("revoked_at", v.revokedAt())
                .row("expires_at", v.expiresAt()).row("token", issued.token());
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
                IssuedTokenView issued;
                if (turn instanceof StoreTurn.Held held) {
                    TokenBody body = new TokenBody(project.map(ProjectId::value).orElse(null), description,
                            expiresAt.map(Instant::toString).orElse(null));
                    issued = held.client().post("/local/tokens", body, IssuedTokenView.class);
                } else {
                    IssuedToken made = tokens(((StoreTurn.Opened) turn).store()).create(project, description, expiresAt);
                    issued = new IssuedTokenView(TokenView.of(made.record()), made.secret());
                }
                IssuedTokenView shown = issued;
                Output.print(spec.commandLine().getOut(), global, shown, () -> fields(shown), "");
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
                List<TokenView> all = turn instanceof StoreTurn.Held held ? List.of(held.client().get("/local/tokens", TokenView[].class))
                        : tokens(((StoreTurn.Opened) turn).store()).list().stream().map(TokenView::of).toList();
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
                Output.print(spec.commandLine().getOut(), global, new LocalAnswers.Revoked(id), () -> {
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

    static TokenStore tokens(JdbcStore store) {
        return ServiceWiring.tokens(store, Clock.systemUTC());
    }
}
