package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.testing.Eventually;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.store.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

    @Test
    void close_finishesInFlightRequestsAndRefusesNewOnes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ApiFixture api = new ApiFixture(TestDatabase.h2(), HttpConfig.ephemeral(), app -> app.get("/v1/test/slow", ctx -> {
            entered.countDown();
            release.await(20, TimeUnit.SECONDS);
            ctx.result("done");
        }));
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(URI.create(api.base() + "/v1/test/slow"))
                .header("Authorization", "Bearer " + api.admin).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(api::close);
        Eventually.await("a request during the drain refused with 503", Duration.ofSeconds(10),
                () -> api.get(api.admin, "/v1/networks").status() == 503);
        assertThat(closing).isNotDone();

        release.countDown();
        HttpResponse<String> finished = slow.get(10, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).isEqualTo("done");
        closing.get(10, TimeUnit.SECONDS);
    }

    @Test
    void close_givesUpAfterTheGracePeriod() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        HttpConfig http = new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofMillis(300), false, true);
        ApiFixture api = new ApiFixture(TestDatabase.h2(), http, app -> app.get("/v1/test/stuck", ctx -> {
            entered.countDown();
            Thread.sleep(5_000);
        }));
        HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(api.base() + "/v1/test/stuck"))
                .header("Authorization", "Bearer " + api.admin).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        api.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void close_doesNotWaitForAnIdleKeepAliveConnection() {
        ApiFixture api = ApiFixture.h2();
        // the fixture's client keeps its connection open after this request
        assertThat(api.get(api.admin, "/v1/networks").status()).isEqualTo(200);
        long start = System.nanoTime();
        api.server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
        api.close();
    }
}
