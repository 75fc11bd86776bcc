package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.auth.TokenStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenExpiryApiTest {

    @Test
    void anExpiredToken_is401WithReasonExpired_andAnUnexpiredOneWorks() {
        try (ApiFixture api = ApiFixture.h2()) {
            Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
            // issued an hour ago for ten minutes: expired now
            TokenStore past = new TokenStore(api.store.dataSource(), Clock.fixed(hourAgo, ZoneOffset.UTC), new SecureRandom());
            String expired = past.create(Optional.empty(), "old", Optional.of(hourAgo.plus(Duration.ofMinutes(10)))).secret();
            String valid = ServiceWiring.tokens(api.store, Clock.systemUTC())
                    .create(Optional.empty(), "new", Optional.of(Instant.now().plus(Duration.ofDays(1)))).secret();

            ApiFixture.Reply refused = api.get(expired, "/v1/networks");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("code").asText()).isEqualTo("unauthorized");
            assertThat(refused.json().get("details").get("reason").asText()).isEqualTo("expired");
            assertThat(api.get(valid, "/v1/networks").status()).isEqualTo(200);
            assertThat(api.get("xv_unknown", "/v1/networks").json().get("details").get("reason").asText()).isEqualTo("unknown");
        }
    }

    @Test
    void aTokenExpiringWhileCached_isRefusedFromItsExpiryOn() throws Exception {
        try (ApiFixture api = ApiFixture.h2()) {
            Instant soon = Instant.now().plus(Duration.ofMillis(1500));
            String token = ServiceWiring.tokens(api.store, Clock.systemUTC()).create(Optional.empty(), "short", Optional.of(soon)).secret();
            assertThat(api.get(token, "/v1/networks").status()).isEqualTo(200);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), soon).toMillis()) + 200);
            ApiFixture.Reply r = api.get(token, "/v1/networks");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("details").get("reason").asText()).isEqualTo("expired");
        }
    }
}
