package io.xenvlan.bench;

import io.xenvlan.server.ServiceWiring;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.EmbeddedStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests per second through the REST API ({@code POST /v1/addresses}: token check, IPAM
 * allocation in the store, JSON) with N concurrent HTTP clients, then the server's memory once the
 * allocations are held. The server is {@code xenvlan server --roles api} in its own JVM (same class
 * path) on an embedded H2 file, so its memory is its own: heap after a full GC ({@code jcmd}) and RSS.
 * Usage: {@code ApiBench [clients=16] [allocations=100000] [server JVM options, e.g. -Xmx512m]}.
 */
public final class ApiBench {
    private ApiBench() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<String> jvmOptions = args.length > 2 ? Arrays.asList(args).subList(2, args.length) : List.of();
        Path dir = Files.createTempDirectory("xenvlan-apibench");
        String token;
        try (JdbcStore store = EmbeddedStore.open(dir)) {
            token = ServiceWiring.tokens(store, Clock.systemUTC()).create(Optional.empty(), "bench").secret();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.xenvlan.server.Main", "server", "--roles", "api",
                "--listen", "127.0.0.1:0", "--state-dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("server.log").toFile());
        pb.environment().put("XENVLAN_LOG_LEVEL", "WARN");
        Process server = pb.start();
        try {
            String base = "http://127.0.0.1:" + port(server);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            int projects = Math.max(1, (total + 999) / 1000);
            long t0 = System.nanoTime();
            send(http, base, token, "POST", "/v1/networks", "{\"label\":\"bench\",\"cidr\":\"10.0.0.0/12\",\"num_networks\":" + projects
                    + ",\"network_size\":1024,\"vlan_start\":100}", 201);
            System.out.printf("created %d networks of 1024 addresses in %.1f s%n", projects, (System.nanoTime() - t0) / 1e9);
            run(http, base, token, clients, total, projects);
            jcmd(server.pid(), "GC.run");
            Thread.sleep(500);
            String heap = jcmd(server.pid(), "GC.heap_info");
            System.out.printf("server (pid %d, %s) with %,d allocations held: %s; RSS %.1f MiB%n", server.pid(),
                    jvmOptions.isEmpty() ? "default heap sizing" : String.join(" ", jvmOptions), total, heapUsed(heap),
                    rssBytes(server.pid()) / 1048576.0);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void run(HttpClient http, String base, String token, int clients, int total, int projects) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        long[] latencies = new long[total];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
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
            }));
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
    }

    private static int port(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern announced = Pattern.compile("API on http://127\\.0\\.0\\.1:([0-9]+)");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = announced.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("the server did not start; see its log");
    }

    private static String jcmd(long pid, String what) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), what)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** The "used" figure of jcmd's heap summary, e.g. {@code heap used 41234K of 262144K}. */
    private static String heapUsed(String heapInfo) {
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heapInfo);
        if (m.find()) {
            return String.format("heap used after GC %.1f MiB (of %.1f MiB committed)", Long.parseLong(m.group(2)) / 1024.0,
                    Long.parseLong(m.group(1)) / 1024.0);
        }
        return "heap: " + heapInfo.lines().skip(1).findFirst().orElse("?").trim();
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

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
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
