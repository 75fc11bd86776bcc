package io.xenvlan.server.auth;

import io.xenvlan.core.error.UnauthorizedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization} header into a {@link Principal}. Known tokens are remembered for
 * {@code cacheFor} (keyed by their hash, never the token), so a revocation takes effect within
 * that time on every API process.
 */
public final class Authenticator {
    private static final int MAX_CACHED = 10_000;

    private final TokenStore tokens;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, Instant until) {}

    public Authenticator(TokenStore tokens, Clock clock, Duration cacheFor) {
        this.tokens = tokens;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    /** @throws UnauthorizedException without a bearer token, or with an unknown or revoked one */
    public Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new UnauthorizedException("a bearer token is required (Authorization: Bearer ...)"));
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedException("a bearer token is required (Authorization: Bearer ...)");
        }
        String secret = header.substring(7).trim();
        String key = TokenHash.of(secret);
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.principal();
        }
        Principal principal = tokens.authenticate(secret).orElseThrow(() -> new UnauthorizedException("unknown or revoked token"));
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, new Cached(principal, now.plus(cacheFor)));
        return principal;
    }
}
