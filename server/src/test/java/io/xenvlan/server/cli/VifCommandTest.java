package io.xenvlan.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.server.ErrorMapping;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vif}, {@code address release} and {@code audit} on the store directly, against the simulator over HTTP. A command
 * that opens the state directory's store in turn (no server holds it) is the store's only user, as a server holding it is:
 * a server killed a moment before (its heartbeat still fresh) let go of the store, so it is gone, and its half-done attach
 * is taken over at once instead of once its heartbeat is ten seconds old.
 */
class VifCommandTest {
    private static final PoolName LAB = PoolName.of("lab");
    @TempDir
    Path stateDir;
    private PoolSimulator sim;
    private String vm;

    private CliRun run(String... args) {
        return CliRun.run(stateDir, args);
    }

    @BeforeEach
    void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(2).vms(2).port(0).build());
        vm = sim.guests().values().stream().map(v -> (String) v.get("uuid")).sorted().findFirst().orElseThrow();
        Path password = Files.writeString(stateDir.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD + "\n");
        assertThat(run("network", "create", "--label", "t", "--cidr", "10.33.0.0/24", "--num-networks", "2", "--network-size", "128")
                .exit()).isZero();
        CliRun added = run("pool", "add", "--name", "lab", "--url", sim.url().toString(), "--user", "root", "--password-file",
                password.toString());
        assertThat(added.exit()).as(added.err()).isZero();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void attachTwice_printsTheSameVif_detachTwice_theSecondSaysNothingIsLeft() throws Exception {
        CliRun first = run("vif", "attach", "--project", "acme", "--pool", "lab", "--vm", vm, "--json");
        CliRun again = run("vif", "attach", "--project", "acme", "--pool", "lab", "--vm", vm, "--json");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.json().get("uuid")).isEqualTo(first.json().get("uuid"));
        assertThat(again.json().get("address")).isEqualTo(first.json().get("address"));
        assertThat(again.json().get("created").asBoolean()).isFalse();

        CliRun detached = run("vif", "detach", "--pool", "lab", "--vm", vm);
        assertThat(detached.exit()).as(detached.err()).isZero();
        assertThat(detached.out()).contains("RELEASED ADDRESS", first.json().get("address").asText());
        CliRun nothing = run("vif", "detach", "--pool", "lab", "--vm", vm);
        assertThat(nothing.exit()).as(nothing.err()).isZero();
        assertThat(nothing.out()).startsWith("nothing to detach: VM " + vm + " has no xenvlan VIF on pool lab");
    }

    @Test
    void releasingAnAddressAVifHolds_isConflictNamingTheVifAndTheDetach() throws Exception {
        JsonNode vif = run("vif", "attach", "--project", "acme", "--pool", "lab", "--vm", vm, "--json").json();

        CliRun r = run("address", "release", "--address", vif.get("address").asText());

        assertThat(r.exit()).isEqualTo(ErrorMapping.EXIT_CONFLICT);
        assertThat(r.err()).startsWith("error: address: " + vif.get("address").asText() + " is held by VIF " + vif.get("uuid").asText())
                .contains("xenvlan vif detach --pool lab --vm " + vm);
        assertThat(run("address", "release", "--instance", vm).exit()).isEqualTo(ErrorMapping.EXIT_CONFLICT);
        assertThat(run("project", "disassociate", "--project", "acme").exit()).isEqualTo(ErrorMapping.EXIT_CONFLICT);
        assertThat(run("address", "list").out()).contains(vif.get("address").asText());
    }

    @Test
    void auditOfEveryPool_reportsABrokenPoolAndGoesOn() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(run("pool", "add", "--name", "away", "--url", "http://127.0.0.1:" + closed, "--user", "root", "--password-file",
                stateDir.resolve("lab.password").toString(), "--no-verify").exit()).isZero();
        run("vif", "attach", "--project", "acme", "--pool", "lab", "--vm", vm);

        CliRun r = run("audit");

        assertThat(r.exit()).as(r.err()).isEqualTo(ErrorMapping.EXIT_DRIFT);
        assertThat(r.out()).contains("away", "POOL_UNREACHABLE", "127.0.0.1:" + closed).doesNotContain("Exception");
        assertThat(r.out().lines().filter(l -> l.startsWith("lab"))).isEmpty(); // audited, no drift
        CliRun one = run("audit", "--pool", "away");
        assertThat(one.exit()).isEqualTo(ErrorMapping.EXIT_BACKEND);
        assertThat(one.err()).startsWith("error: ");
    }

    /** What a server killed right after it allocated an attach's address leaves: its worker (a fresh heartbeat), its claim, the intent. */
    private UUID aServerKilledMidAttach() {
        assertThat(run("project", "associate", "--project", "acme").exit()).isZero();
        try (JdbcStore store = EmbeddedStore.open(stateDir)) {
            JdbcPoolStore pools = JdbcPoolStore.on(store, Clock.systemUTC());
            Worker killed = new Worker(UUID.randomUUID(), "killed server");
            pools.heartbeat(killed);
            pools.claimVm(LAB, InstanceId.of(vm), killed, Duration.ofSeconds(10)).orElseThrow();
            UUID intent = pools.beginAttach(LAB, InstanceId.of(vm), 0, ProjectId.of("acme"), OptionalLong.empty());
            new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults()).allocateForVif(ProjectId.of("acme"), InstanceId.of(vm), intent);
            return intent;
        }
    }

    @Test
    void anAttachRetriedByACommand_takesTheKilledServersOperationOverAtOnce() throws Exception {
        aServerKilledMidAttach();

        long start = System.nanoTime();
        CliRun retried = run("vif", "attach", "--project", "acme", "--pool", "lab", "--vm", vm, "--json");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(took).as("no wait for the killed server's heartbeat to age (10 s)").isLessThan(Duration.ofSeconds(6));
        assertThat(run("address", "list", "--json").json()).singleElement()
                .satisfies(a -> assertThat(a.get("address")).isEqualTo(retried.json().get("address")));
        assertThat(run("audit", "--pool", "lab").exit()).isZero();
    }

    @Test
    void anAuditByACommand_reportsTheKilledServersOperation_andRepairFinishesIt() throws Exception {
        UUID intent = aServerKilledMidAttach();

        CliRun audit = run("audit", "--pool", "lab");
        assertThat(audit.exit()).as(audit.err()).isEqualTo(ErrorMapping.EXIT_DRIFT);
        assertThat(audit.out()).contains("UNFINISHED_OPERATION", vm);

        CliRun repair = run("audit", "--pool", "lab", "--repair");
        assertThat(repair.exit()).as(repair.err() + repair.out()).isZero();
        assertThat(run("address", "list", "--json").json()).isEmpty();
        assertThat(run("audit", "--pool", "lab").exit()).isZero();
        assertThat(run("vif", "list", "--json").out()).doesNotContain(intent.toString());
    }
}
