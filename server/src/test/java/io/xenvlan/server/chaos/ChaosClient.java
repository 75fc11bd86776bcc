package io.xenvlan.server.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * An operator's script against the API: attaches and detaches its own VMs at random, retrying
 * every request that fails for a reason that is not its own (a dead server, a pool fault) until it
 * gets an answer, and sometimes sending an acknowledged attach again, as a client that lost the
 * reply would, expecting the same answer. It keeps what each VM's last acknowledged operation was.
 */
final class ChaosClient implements Runnable {
    /** What the API acknowledged for a VM: attached with this VIF, or detached (empty). */
    record Ack(String uuid, String mac, String address) {}

    /** The operation a VM was in when the client was stopped (its outcome is unknown). */
    enum Pending { NONE, ATTACH, DETACH }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> RETRY = Set.of(409, 502, 503);

    private final String project;
    private final List<String> vms;
    private final List<String> bases;
    private final String token;
    private final BooleanSupplier running;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final Map<String, Optional<Ack>> acked = new ConcurrentHashMap<>();
    final Map<String, Pending> pending = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> violations;
    final AtomicInteger attaches = new AtomicInteger();
    final AtomicInteger detaches = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    final AtomicInteger resent = new AtomicInteger();

    ChaosClient(String project, List<String> vms, List<String> bases, String token, BooleanSupplier running, long seed,
                ConcurrentLinkedQueue<String> violations) {
        this.project = project;
        this.vms = vms;
        this.bases = bases;
        this.token = token;
        this.running = running;
        this.random = new Random(seed);
        this.violations = violations;
        vms.forEach(vm -> {
            acked.put(vm, Optional.empty());
            pending.put(vm, Pending.NONE);
        });
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            String vm = vms.get(random.nextInt(vms.size()));
            if (acked.get(vm).isPresent()) {
                detach(vm);
            } else {
                attach(vm);
            }
        }
    }

    private void attach(String vm) {
        pending.put(vm, Pending.ATTACH);
        String body = "{\"project\":\"" + project + "\",\"pool\":\"lab\",\"vm\":\"" + vm + "\"}";
        Optional<JsonNode> reply = untilAnswered("POST", "/v1/vifs", body, Set.of(200, 201));
        if (reply.isEmpty()) {
            return; // stopped while retrying: the outcome stays unknown
        }
        Ack ack = ack(reply.get());
        acked.put(vm, Optional.of(ack));
        pending.put(vm, Pending.NONE);
        attaches.incrementAndGet();
        if (random.nextInt(4) == 0) { // a client that lost the reply sends it again
            Optional<JsonNode> again = untilAnswered("POST", "/v1/vifs", body, Set.of(200, 201));
            if (again.isPresent()) {
                resent.incrementAndGet();
                if (again.get().path("created").asBoolean(true) || !ack(again.get()).equals(ack)) {
                    violations.add("attach of " + vm + " sent again answered " + again.get() + ", first " + ack);
                }
            }
        }
    }

    private void detach(String vm) {
        pending.put(vm, Pending.DETACH);
        Optional<JsonNode> reply = untilAnswered("DELETE", "/v1/pools/lab/vms/" + vm + "/vifs", null, Set.of(200));
        if (reply.isEmpty()) {
            return;
        }
        acked.put(vm, Optional.empty());
        pending.put(vm, Pending.NONE);
        detaches.incrementAndGet();
    }

    private static Ack ack(JsonNode vif) {
        return new Ack(vif.path("uuid").asText(), vif.path("mac").asText(), vif.path("address").asText());
    }

    /** Sends until one of {@code ok} comes back; any other answer that is not worth a retry is a violation. */
    private Optional<JsonNode> untilAnswered(String method, String path, String body, Set<Integer> ok) {
        while (running.getAsBoolean()) {
            String base = bases.get(random.nextInt(bases.size()));
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
                request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (ok.contains(r.statusCode())) {
                    return Optional.of(JSON.readTree(r.body()));
                }
                if (!RETRY.contains(r.statusCode())) {
                    violations.add(method + " " + path + " answered " + r.statusCode() + " " + r.body());
                    return Optional.empty();
                }
            } catch (IOException e) {
                // the server died under the request, or is not up again yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            retries.incrementAndGet();
            try {
                Thread.sleep(50 + random.nextInt(150));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
