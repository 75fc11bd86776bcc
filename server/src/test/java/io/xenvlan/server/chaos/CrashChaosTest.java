package io.xenvlan.server.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.server.cli.XenvlanCommand;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.TestDatabase;
import io.xenvlan.xenapi.client.Password;
import io.xenvlan.xenapi.client.Ref;
import io.xenvlan.xenapi.client.VifRecord;
import io.xenvlan.xenapi.client.VmRecord;
import io.xenvlan.xenapi.client.XenApiClient;
import io.xenvlan.xenapi.client.XenApiClientConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never two VMs with one address, whatever happens: API server processes ({@code xenvlan server
 * --roles api} in JVMs of their own) attach and detach for many retrying clients on a simulated
 * pool with latency and injected XenAPI faults, while they are killed with SIGKILL at random
 * moments and started again. Afterwards the pool's own records, read through XenAPI, must show no
 * duplicate IP or MAC on a network, no VIF of xenvlan the store does not know, no address
 * allocated that no VIF holds, and every acknowledged attach (and detach) as acknowledged. Each
 * crash comes once the clients got a dozen answers since the last one (at most 30 s), so it hits
 * work in progress however fast the machine is; about half a minute per database on a quiet one.
 */
class CrashChaosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 10;
    private static final int VMS_PER_CLIENT = 4;
    /** Crashes of one server at random moments, before the last one of every server at once. */
    private static final int KILLS = 2;
    /** Between two crashes the clients get this many operations acknowledged (or {@link #MAX_UPTIME} passes). */
    private static final int WORK_BETWEEN_CRASHES = 10;
    private static final Duration MAX_UPTIME = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void killedAndRestartedOnH2_thePoolAndTheStoreAgree() throws Exception {
        Path state = Files.createDirectories(dir.resolve("h2"));
        List<String> db = List.of("--db", "jdbc:h2:file:" + state.resolve("chaos") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000");
        storm(List.of(state), db, Map.of(), db, "h2");
    }

    @Test
    @Tag("postgres")
    void twoProcessesKilledAndRestartedOnPostgres_thePoolAndTheStoreAgree() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, String> env = Map.of("XENVLAN_DB_USER", db.user().orElseThrow(), "XENVLAN_DB_PASSWORD", db.password().orElseThrow());
            // the CLI reads the password from the variable the test's own environment already holds it in
            List<String> cli = List.of("--db", db.url(), "--db-user", db.user().orElseThrow(), "--db-password-env", "XENVLAN_TEST_PG_PASSWORD");
            storm(List.of(Files.createDirectories(dir.resolve("pg-a")), Files.createDirectories(dir.resolve("pg-b"))),
                    List.of("--db", db.url()), env, cli, "postgres");
        }
    }

    /**
     * @param dbArgs the servers' options for the store, {@code env} their environment
     * @param cliDbArgs the same store for the CLI run in this JVM
     */
    private void storm(List<Path> states, List<String> dbArgs, Map<String, String> env, List<String> cliDbArgs, String label)
            throws Exception {
        SimulatorConfig simConfig = SimulatorConfig.builder().hosts(3).vms(CLIENTS * VMS_PER_CLIENT).port(0).threads(32)
                .latency(Duration.ofMillis(3)).failRate(0.3).seed(label.hashCode()).build();
        String token = adminToken(states.get(0), cliDbArgs);
        List<ServerProcess> servers = new ArrayList<>();
        try (PoolSimulator sim = PoolSimulator.start(simConfig);
             XenApiClient pool = XenApiClient.create(XenApiClientConfig.builder(sim.url(), "root",
                     Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build())) {
            for (Path state : states) {
                servers.add(ServerProcess.start(state, dbArgs, env));
            }
            List<String> bases = servers.stream().map(ServerProcess::base).toList();
            setUp(bases.get(0), token, states.get(0), sim);
            List<String> vms = sim.guests().values().stream().map(v -> (String) v.get("uuid")).sorted().toList();

            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            List<ChaosClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new ChaosClient("proj" + (i % 4), vms.subList(i * VMS_PER_CLIENT, (i + 1) * VMS_PER_CLIENT), bases, token,
                        running::get, 1000L * i + label.hashCode(), violations));
            }
            ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
            clients.forEach(threads::submit);

            Random random = new Random(label.hashCode());
            for (int kill = 0; kill < KILLS; kill++) {
                awaitWork(clients, random);
                ServerProcess victim = servers.get(random.nextInt(servers.size()));
                victim.kill9();
                Thread.sleep(200);
                victim.restart();
            }
            awaitWork(clients, random);
            // the last crash: every server at once, in the middle of the clients' operations
            servers.forEach(s -> {
                try {
                    s.kill9();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("clients stop").isTrue();
            long restart = System.nanoTime();
            for (ServerProcess s : servers) {
                s.restart();
            }
            long up = System.nanoTime();
            awaitNoUnfinishedOperation(bases.get(0), token);
            long recovered = System.nanoTime();

            Totals totals = Totals.of(clients);
            System.out.printf(Locale.ROOT, "chaos %s: %d server processes, %d kills + 1 of all; %d attaches and %d detaches acknowledged,"
                            + " %d sent again, %d retries; after the last crash: API up in %d ms, interrupted operations finished %d ms"
                            + " after the restart%n", label, servers.size(), KILLS, totals.attaches, totals.detaches, totals.resent,
                    totals.retries, (up - restart) / 1_000_000, (recovered - restart) / 1_000_000);

            assertThat(violations).as("answers the clients got").isEmpty();
            assertThat(totals.acknowledged()).as("the storm did work").isGreaterThanOrEqualTo(WORK_BETWEEN_CRASHES);
            assertPoolAgrees(pool, bases.get(0), token, clients);
        } finally {
            for (ServerProcess s : servers) {
                s.close();
                keepLog(s, label);
            }
        }
    }

    /** The servers' logs outlive the temporary directory, in target/chaos/. */
    private static void keepLog(ServerProcess server, String label) throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target", "chaos"));
        if (Files.exists(server.log())) {
            Files.copy(server.log(), kept.resolve(label + "-" + server.log().getParent().getFileName() + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Lets the servers run until the clients got {@link #WORK_BETWEEN_CRASHES} more answers (so
     * every crash interrupts work, however slow the machine), then up to a second more at random.
     */
    private static void awaitWork(List<ChaosClient> clients, Random random) throws InterruptedException {
        Totals before = Totals.of(clients);
        long deadline = System.nanoTime() + MAX_UPTIME.toNanos();
        while (Totals.of(clients).acknowledged() < before.acknowledged() + WORK_BETWEEN_CRASHES && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(random.nextInt(1000));
    }

    private record Totals(int attaches, int detaches, int resent, int retries) {
        int acknowledged() {
            return attaches + detaches;
        }

        static Totals of(List<ChaosClient> clients) {
            return new Totals(clients.stream().mapToInt(c -> c.attaches.get()).sum(), clients.stream().mapToInt(c -> c.detaches.get()).sum(),
                    clients.stream().mapToInt(c -> c.resent.get()).sum(), clients.stream().mapToInt(c -> c.retries.get()).sum());
        }
    }

    /** An admin token, made with the CLI on the store before any server runs. */
    private static String adminToken(Path state, List<String> cliDbArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("token", "create", "--admin", "--json", "--state-dir", state.toString()));
        args.addAll(cliDbArgs);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = XenvlanCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return JSON.readTree(out.toString()).get("token").asText();
    }

    /** Four networks and the pool, through the first server. */
    private static void setUp(String base, String token, Path state, PoolSimulator sim) throws Exception {
        Path secrets = Files.createDirectories(state.resolve("pool-secrets"));
        Path password = Files.writeString(secrets.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD);
        assertThat(send(base, token, "POST", "/v1/networks", "{\"label\":\"chaos\",\"cidr\":\"10.77.0.0/22\",\"num_networks\":4,"
                + "\"network_size\":256}").statusCode()).isEqualTo(201);
        HttpResponse<String> pool = send(base, token, "POST", "/v1/pools", "{\"name\":\"lab\",\"url\":\"" + sim.url()
                + "\",\"user\":\"root\",\"password_source\":\"file:" + password.toAbsolutePath() + "\"}");
        assertThat(pool.statusCode()).as(pool.body()).isEqualTo(201);
    }

    private static HttpResponse<String> send(String base, String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        r.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the store holds no VIF in the middle of an attach or detach (recovery finished them). */
    private static void awaitNoUnfinishedOperation(String base, String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode vifs = JSON.readTree(send(base, token, "GET", "/v1/vifs?limit=1000", null).body());
            boolean unfinished = false;
            for (JsonNode v : vifs.get("items")) {
                unfinished |= !"attached".equals(v.get("state").asText());
            }
            if (!unfinished) {
                return;
            }
            assertThat(System.nanoTime()).as("recovery finishes in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The invariants, against the pool's own records (XenAPI) and what the clients were told. */
    private static void assertPoolAgrees(XenApiClient pool, String base, String token, List<ChaosClient> clients) throws Exception {
        Map<Ref<VmRecord>, VmRecord> vmRecords = pool.vms().getAllRecords();
        // the guests' VIFs: a snapshot's VIFs are copies of its VM's, MACs included, and carry no traffic
        Map<Ref<VifRecord>, VifRecord> vifs = new HashMap<>(pool.vifs().getAllRecords());
        vifs.values().removeIf(v -> {
            VmRecord vm = vmRecords.get(v.vm());
            return vm == null || vm.isATemplate() || vm.isControlDomain();
        });
        Map<String, List<VifRecord>> byNetwork = vifs.values().stream().collect(Collectors.groupingBy(v -> v.network().value()));
        byNetwork.forEach((network, onIt) -> {
            List<String> macs = onIt.stream().map(v -> v.mac().toLowerCase(Locale.ROOT)).toList();
            assertThat(new HashSet<>(macs)).as("MACs on network %s", network).hasSize(macs.size());
            List<String> ips = onIt.stream().flatMap(v -> v.ipv4Allowed().stream()).toList();
            assertThat(new HashSet<>(ips)).as("addresses on network %s", network).hasSize(ips.size());
        });

        Map<String, VifRecord> ours = new HashMap<>();
        vifs.values().stream().filter(v -> v.otherConfig().containsKey("xenvlan_vif_id"))
                .forEach(v -> ours.put(v.otherConfig().get("xenvlan_vif_id"), v));
        JsonNode recorded = JSON.readTree(send(base, token, "GET", "/v1/vifs?limit=1000", null).body()).get("items");
        Set<String> recordedUuids = new HashSet<>();
        recorded.forEach(v -> recordedUuids.add(v.get("uuid").asText()));
        assertThat(ours.keySet()).as("VIFs of xenvlan on the pool (no orphan)").isEqualTo(recordedUuids);

        Set<String> allocated = new HashSet<>();
        JSON.readTree(send(base, token, "GET", "/v1/addresses?limit=1000", null).body()).get("items")
                .forEach(a -> allocated.add(a.get("address").asText()));
        Set<String> held = ours.values().stream().flatMap(v -> v.ipv4Allowed().stream()).collect(Collectors.toSet());
        assertThat(allocated).as("allocated addresses, each held by a VIF on the pool (no leak)").isEqualTo(held);

        Map<String, String> vmUuidByRef = new HashMap<>();
        vmRecords.forEach((ref, vm) -> vmUuidByRef.put(ref.value(), vm.uuid()));
        Map<String, List<VifRecord>> oursByVm = ours.values().stream().collect(Collectors.groupingBy(v -> vmUuidByRef.get(v.vm().value())));
        for (ChaosClient client : clients) {
            client.acked.forEach((vm, ack) -> {
                List<VifRecord> onVm = oursByVm.getOrDefault(vm, List.of());
                assertThat(onVm.size()).as("xenvlan VIFs on VM %s", vm).isLessThanOrEqualTo(1);
                if (client.pending.get(vm) != ChaosClient.Pending.NONE) {
                    return; // the last operation was cut short: either outcome, once, is right
                }
                if (ack.isEmpty()) {
                    assertThat(onVm).as("VM %s was detached", vm).isEmpty();
                    return;
                }
                assertThat(onVm).as("VM %s has its acknowledged VIF", vm).singleElement().satisfies(v -> {
                    assertThat(v.otherConfig().get("xenvlan_vif_id")).isEqualTo(ack.get().uuid());
                    assertThat(v.mac()).isEqualToIgnoringCase(ack.get().mac());
                    assertThat(v.ipv4Allowed()).containsExactly(ack.get().address());
                });
            });
        }
    }
}
