package io.xenvlan.bench;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.api.ApiServer;
import io.xenvlan.server.config.HttpConfig;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.EmbeddedStore;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attach requests per second through the REST API ({@code POST /v1/vifs}: token, allocation, the
 * compute side's XenAPI calls, JSON) with N concurrent HTTP clients against a simulated pool over
 * HTTP, for each simulated XenAPI latency. The first attach of each project's VLAN is made before
 * timing, so the figure is the steady state.
 * Usage: {@code ApiAttachBench [clients=16] [vms=1000] [latencies-ms=0,2] [hosts=4] [projects=8]}.
 */
public final class ApiAttachBench {
    private ApiAttachBench() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int vmCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int[] latencies = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {0, 2};
        int hosts = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int projects = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        for (int latency : latencies) {
            run(clients, vmCount, latency, hosts, projects);
        }
    }

    private static void run(int clients, int vmCount, int latencyMs, int hosts, int projects) throws Exception {
        Path dir = Files.createTempDirectory("xenvlan-attachbench");
        try (PoolSimulator sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(hosts).vms(vmCount + projects)
                .latency(Duration.ofMillis(latencyMs)).threads(64).build());
             JdbcStore store = EmbeddedStore.open(dir)) {
            Closer closing = new Closer("bench");
            ApiServer server = ApiServer.start(ServiceWiring.api(store, new ServerMetrics(), Clock.systemUTC(), dir, closing),
                    new HttpConfig("127.0.0.1", 0, HttpConfig.DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(5), false, true));
            try {
                String token = ServiceWiring.tokens(store, Clock.systemUTC()).create(Optional.empty(), "bench").secret();
                String base = "http://127.0.0.1:" + server.port();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Path password = Files.writeString(dir.resolve("pool.password"), SimulatorConfig.DEFAULT_PASSWORD);
                ApiBench.send(http, base, token, "POST", "/v1/networks", "{\"label\":\"bench\",\"cidr\":\"10.0.0.0/16\",\"num_networks\":"
                        + projects + ",\"network_size\":1024}", 201);
                ApiBench.send(http, base, token, "POST", "/v1/pools", "{\"name\":\"bench\",\"url\":\"" + sim.url()
                        + "\",\"user\":\"root\",\"password_source\":\"file:" + password + "\"}", 201);
                List<String> vms = sim.guests().values().stream()
                        .map(vm -> (String) vm.get("uuid")).sorted().toList();
                for (int p = 0; p < projects; p++) {
                    attach(http, base, token, p, vms.get(vmCount + p));
                }

                AtomicInteger next = new AtomicInteger();
                AtomicLong failures = new AtomicLong();
                long[] latencyNanos = new long[vmCount];
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                long start = System.nanoTime();
                List<Future<?>> workers = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    workers.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < vmCount; i = next.getAndIncrement()) {
                            long s = System.nanoTime();
                            if (!attach(http, base, token, i % projects, vms.get(i))) {
                                failures.incrementAndGet();
                            }
                            latencyNanos[i] = System.nanoTime() - s;
                        }
                        return null;
                    }));
                }
                for (Future<?> w : workers) {
                    w.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                Arrays.sort(latencyNanos);
                System.out.printf("XenAPI latency %d ms, %d hosts, %d clients: %,d attaches in %.1f s = %.0f attaches/s, failures %d, "
                                + "p50 %.1f ms, p99 %.1f ms%n", latencyMs, hosts, clients, vmCount, seconds, vmCount / seconds,
                        failures.get(), latencyNanos[vmCount / 2] / 1e6, latencyNanos[(int) (vmCount * 0.99)] / 1e6);
            } finally {
                server.close();
                closing.close();
            }
        }
    }

    private static boolean attach(HttpClient http, String base, String token, int project, String vm) {
        return ApiBench.send(http, base, token, "POST", "/v1/vifs",
                "{\"project\":\"proj" + project + "\",\"pool\":\"bench\",\"vm\":\"" + vm + "\"}", 201);
    }
}
