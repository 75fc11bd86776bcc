package io.xenvlan.server.auth;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;

/**
 * The API's bearer tokens in the store's database (table {@code api_tokens}, migrations V30 and V31).
 * Tokens are {@code xv_} + 43 base64url characters (256 random bits); only their SHA-256 is kept.
 */
public final class TokenStore {
    static final String PREFIX = "xv_";
    private static final int MAX_DESCRIPTION = 200;

    private final DataSource dataSource;
    private final Clock clock;
    private final RandomGenerator random;

    /** @param random a cryptographically strong source (e.g. {@code SecureRandom}) */
    public TokenStore(DataSource dataSource, Clock clock, RandomGenerator random) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Creates an admin token (no project) or a project-scoped one.
     * @throws InvalidInputException for a description longer than 200 characters or with control characters
     */
    public IssuedToken create(Optional<ProjectId> project, String description) {
        return create(project, description, Optional.empty());
    }

    /**
     * As {@link #create(Optional, String)}, expiring at {@code expiresAt} (empty: never).
     * @throws InvalidInputException naming {@code expires} for a time not in the future
     */
    public IssuedToken create(Optional<ProjectId> project, String description, Optional<Instant> expiresAt) {
        if (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("description", "printable", "description: at most 200 printable characters");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(now)) {
            throw new InvalidInputException("expires", "future", "expires: must lie in the future");
        }
        long id = sql(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (token_hash, role, project_id, description, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, TokenHash.of(secret));
                ps.setString(2, project.isPresent() ? "project" : "admin");
                ps.setString(3, project.map(ProjectId::value).orElse(null));
                ps.setString(4, description);
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setTimestamp(6, expiresAt.map(Timestamp::from).orElse(null));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        Principal principal = new Principal(id, project);
        return new IssuedToken(new TokenRecord(id, principal, description, now, Optional.empty(), expiresAt), secret);
    }

    /** A known, unrevoked token: whom it stands for and until when. */
    record Active(Principal principal, Optional<Instant> expiresAt) {
        boolean expiredAt(Instant now) {
            return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
        }
    }

    /** The caller a token stands for, if it is a known, unrevoked, unexpired token. */
    public Optional<Principal> authenticate(String secret) {
        Instant now = clock.instant();
        return lookup(secret).filter(a -> !a.expiredAt(now)).map(Active::principal);
    }

    /** The token, if it is known and not revoked (expired or not). */
    Optional<Active> lookup(String secret) {
        if (!secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = TokenHash.of(secret);
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, project_id, expires_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String project = rs.getString("project_id");
                    return Optional.of(new Active(new Principal(rs.getLong("id"), Optional.ofNullable(project).map(ProjectId::of)),
                            Optional.ofNullable(rs.getTimestamp("expires_at")).map(Timestamp::toInstant)));
                }
            }
        });
    }

    /** Every token, newest last. */
    public List<TokenRecord> list() {
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, project_id, description, created_at, revoked_at, expires_at FROM api_tokens ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<TokenRecord> out = new ArrayList<>();
                while (rs.next()) {
                    Timestamp revoked = rs.getTimestamp("revoked_at");
                    out.add(new TokenRecord(rs.getLong("id"),
                            new Principal(rs.getLong("id"), Optional.ofNullable(rs.getString("project_id")).map(ProjectId::of)),
                            Optional.ofNullable(rs.getString("description")).orElse(""), rs.getTimestamp("created_at").toInstant(),
                            Optional.ofNullable(revoked).map(Timestamp::toInstant),
                            Optional.ofNullable(rs.getTimestamp("expires_at")).map(Timestamp::toInstant)));
                }
                return out;
            }
        });
    }

    /** Revokes a token at once. @throws NotFoundException when no such token is active */
    public void revoke(long id) {
        int changed = sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new NotFoundException("token", Long.toString(id));
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T sql(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new BackendFailureException("database", e.getSQLState() == null ? "sql" : e.getSQLState(), List.of(),
                    "database: token store failed: " + e.getMessage(), e);
        }
    }
}
