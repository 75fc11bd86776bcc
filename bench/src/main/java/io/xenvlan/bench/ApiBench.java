package io.xenvlan.bench;

import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.api.ApiServer;
import io.xenvlan.server.auth.TokenStore;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per second through the REST API ({@code POST /v1/addresses}: token check, IPAM
 * allocation in the store, JSON) with N concurrent HTTP clients, then the server's memory once
 * 100,000 allocations are held. Server and clients share this JVM; the heap figure is after a GC.
 * Usage: {@code ApiBench [clients=16] [allocations=100000] [jdbc-url]} (default: an H2 file in a temp directory).
 */
public final class ApiBench {
    private ApiBench() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Path dir = Files.createTempDirectory("xenvlan-apibench");
        StoreConfig storeConfig = args.length > 2 ? StoreConfig.of(args[2]) : StoreConfig.h2File(dir);
        try (JdbcStore store = JdbcStore.open(storeConfig);
             ApiServer server = ApiServer.start(ServiceWiring.api(store, new ServerMetrics(), Clock.systemUTC()),
                     new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES, java.time.Duration.ofSeconds(5), false, true))) {
            TokenStore tokens = ServiceWiring.tokens(store, Clock.systemUTC());
            String token = tokens.create(Optional.empty(), "bench").secret();
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int projects = Math.max(1, (total + 999) / 1000);
            long t0 = System.nanoTime();
            send(http, base, token, "POST", "/v1/networks", "{\"label\":\"bench\",\"cidr\":\"10.0.0.0/12\",\"num_networks\":" + projects
                    + ",\"network_size\":1024,\"vlan_start\":100}", 201);
            System.out.printf("created %d networks of 1024 addresses in %.1f s%n", projects, (System.nanoTime() - t0) / 1e9);

            AtomicInteger next = new AtomicInteger();
            AtomicLong failures = new AtomicLong();
            long[] latencies = new long[total];
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            Future<?>[] workers = new Future<?>[clients];
            for (int c = 0; c < clients; c++) {
                workers[c] = pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long s = System.nanoTime();
                        String body = "{\"project\":\"proj" + (i % projects) + "\",\"instance\":\"vm-" + i + "\"}";
                        if (!send(http, base, token, "POST", "/v1/addresses", body, 201)) {
                            failures.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - s;
                        if (i > 0 && i % 20_000 == 0) {
                            System.out.printf("  %,d allocations, %.0f/s so far%n", i, i / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                    return null;
                });
            }
            for (Future<?> w : workers) {
                w.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            Arrays.sort(latencies);
            System.out.printf("%d clients: %,d allocations through the API in %.1f s = %.0f requests/s, failures %d, "
                            + "latency p50 %.2f ms, p99 %.2f ms%n", clients, total, seconds, total / seconds, failures.get(),
                    latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6);

            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(200);
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            System.out.printf("after %,d allocations held: heap used after GC %.1f MiB, process RSS %.1f MiB%n", total,
                    heap / 1048576.0, rssBytes() / 1048576.0);
        }
    }

    static boolean send(HttpClient http, String base, String token, String method, String path, String body, int expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                System.err.println(method + " " + path + " -> " + r.statusCode() + " " + r.body());
                return false;
            }
            return true;
        } catch (Exception e) {
            System.err.println(method + " " + path + " failed: " + e);
            return false;
        }
    }

    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux: no RSS figure
        }
        return 0;
    }
}
