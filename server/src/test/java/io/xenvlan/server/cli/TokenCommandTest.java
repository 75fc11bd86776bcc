package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.server.ErrorMapping;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.EmbeddedStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
    @TempDir
    Path state;

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--state-dir";
        all[args.length + 1] = state.toString();
        int exit = XenvlanCommand.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void create_printsTheTokenOnceAndStoresOnlyItsHash() throws Exception {
        Run r = run("token", "create", "--project", "p1", "--description", "ci", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        String token = json.get("token").asText();
        assertThat(token).startsWith("xv_").hasSize(46);
        assertThat(json.get("project").asText()).isEqualTo("p1");

        Run list = run("token", "list");
        assertThat(list.out()).contains("project", "p1", "ci").doesNotContain(token);
        try (JdbcStore store = EmbeddedStore.open(state)) {
            TokenStore tokens = new TokenStore(store.dataSource(), Clock.systemUTC(), new java.security.SecureRandom());
            assertThat(tokens.authenticate(token)).hasValueSatisfying(p -> assertThat(p.isAdmin()).isFalse());
            try (var c = store.dataSource().getConnection(); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT token_hash FROM api_tokens")) {
                rs.next();
                assertThat(rs.getString(1)).hasSize(64).doesNotContain(token.substring(3));
            }
        }
    }

    @Test
    void revoke_makesTheTokenUnknown() throws Exception {
        String token = new ObjectMapper().readTree(run("token", "create", "--admin", "--json").out()).get("token").asText();
        assertThat(run("token", "revoke", "1").exit()).isZero();
        try (JdbcStore store = EmbeddedStore.open(state)) {
            TokenStore tokens = new TokenStore(store.dataSource(), Clock.systemUTC(), new java.security.SecureRandom());
            assertThat(tokens.authenticate(token)).isEmpty();
        }
        assertThat(run("token", "revoke", "1").exit()).isEqualTo(ErrorMapping.EXIT_NOT_FOUND);
    }

    @Test
    void create_withExpires_showsExpiresAtAndRefusesABadAge() throws Exception {
        Run r = run("token", "create", "--admin", "--expires", "30d", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        java.time.Instant expires = java.time.Instant.parse(new ObjectMapper().readTree(r.out()).get("expires_at").asText());
        assertThat(expires).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(30)).minusSeconds(120),
                java.time.Instant.now().plus(java.time.Duration.ofDays(30)));
        JsonNode listed = new ObjectMapper().readTree(run("token", "list", "--json").out());
        assertThat(listed.get(0).get("expires_at").asText()).isEqualTo(expires.toString());
        assertThat(run("token", "list").out()).contains("EXPIRES", expires.toString());

        Run bad = run("token", "create", "--admin", "--expires", "30 days");
        assertThat(bad.exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
        assertThat(bad.err()).contains("expires");
    }

    @Test
    void create_needsExactlyOneScope() {
        assertThat(run("token", "create").exit()).isNotZero();
        assertThat(run("token", "create", "--admin", "--project", "p1").exit()).isNotZero();
        assertThat(run("token", "create", "--project", "bad project!").exit()).isEqualTo(ErrorMapping.EXIT_INVALID_INPUT);
    }
}
