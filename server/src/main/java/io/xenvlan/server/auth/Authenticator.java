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

    /**
     * @throws UnauthorizedException without a bearer token, or with an unknown, revoked or expired
     *         one ({@code details.reason}: {@code missing}, {@code unknown} or {@code expired})
     */
    public Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(Authenticator::missing);
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw missing();
        }
        String secret = header.substring(7).trim();
        String key = TokenHash.of(secret);
        Instant now = clock.instant();
        Cached hit = cache.get(key);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.principal();
        }
        TokenStore.Active token = tokens.lookup(secret).orElseThrow(
                () -> new UnauthorizedException("unknown or revoked token", Map.of("reason", "unknown")));
        if (token.expiredAt(now)) {
            throw new UnauthorizedException("the token expired at " + token.expiresAt().orElseThrow() + "; create a new one",
                    Map.of("reason", "expired", "expired_at", token.expiresAt().orElseThrow().toString()));
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Instant until = now.plus(cacheFor);
        if (token.expiresAt().isPresent() && token.expiresAt().get().isBefore(until)) {
            until = token.expiresAt().get(); // an expiring token is not trusted from the cache past its expiry
        }
        cache.put(key, new Cached(token.principal(), until));
        return token.principal();
    }

    private static UnauthorizedException missing() {
        return new UnauthorizedException("a bearer token is required (Authorization: Bearer ...)", Map.of("reason", "missing"));
    }
}
