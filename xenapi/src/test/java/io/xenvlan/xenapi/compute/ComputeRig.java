package io.xenvlan.xenapi.compute;

import io.xenvlan.core.hypervisor.AttachFloating;
import io.xenvlan.core.hypervisor.DhcpReadiness;
import io.xenvlan.core.hypervisor.OperationTiming;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifAttachments;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.time.Sleeper;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The compute side wired for real: a simulated pool over HTTP, a migrated store (H2 or
 * PostgreSQL), the VLAN manager with four networks (VLAN 100..103 on eth1, bridges br100..), a
 * registered pool "lab" and the XenAPI driver. {@link #process()} makes another "process": its
 * own store connection pool, pool clients and driver over the same database and pool.
 */
final class ComputeRig implements AutoCloseable {
    static final PoolName LAB = PoolName.of("lab");

    final PoolSimulator sim;
    final TestDatabase database;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final ExecutorService eventLoops = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-vm-events");
        t.setDaemon(true);
        return t;
    });
    final Process main;

    /** One xenvlan process: store, pool store, clients, driver, attachments. */
    record Process(JdbcStore store, JdbcPoolStore pools, PoolClients clients, XenApiHypervisorNetworking driver,
                   VlanManager manager, VifAttachments attachments) {
    }

    private ComputeRig(PoolSimulator sim, TestDatabase database, Path passwordFile, URI poolUrl, VifDriver driver,
                       Optional<String> integration, OperationTiming timing) {
        this.sim = sim;
        this.database = database;
        this.main = process(timing);
        main.pools().addPool(new PoolSettings(LAB, poolUrl, "root", new PasswordSource.File(passwordFile), driver,
                integration, PoolTls.system()));
        main.manager().createNetworks(NetworkRequest.of("net", "10.0.0.0/16").withCount(4, 256));
    }

    static ComputeRig start(SimulatorConfig.Builder simConfig, TestDatabase database, Path dir) {
        return start(simConfig, database, dir, VifDriver.BRIDGE, Optional.empty(), false);
    }

    static ComputeRig start(SimulatorConfig.Builder simConfig, TestDatabase database, Path dir, VifDriver driver,
                            Optional<String> integration, boolean viaMember) {
        return start(simConfig, database, dir, driver, integration, viaMember, OperationTiming.defaults());
    }

    /** With the main process's operations on these clocks. */
    static ComputeRig start(SimulatorConfig.Builder simConfig, TestDatabase database, Path dir, OperationTiming timing) {
        return start(simConfig, database, dir, VifDriver.BRIDGE, Optional.empty(), false, timing);
    }

    static ComputeRig start(SimulatorConfig.Builder simConfig, TestDatabase database, Path dir, VifDriver driver,
                            Optional<String> integration, boolean viaMember, OperationTiming timing) {
        try {
            SimulatorConfig config = simConfig.port(0).threads(32).build();
            PoolSimulator sim = PoolSimulator.start(config);
            Path passwordFile = Files.writeString(dir.resolve("lab.password"), config.password() + "\n");
            URI url = viaMember ? sim.hosts().get(1).url() : sim.url();
            return new ComputeRig(sim, database, passwordFile, url, driver, integration, timing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Process process() {
        return process(OperationTiming.defaults());
    }

    /** A process whose operations run with these clocks (tests of recovery make dead workers stale in a second). */
    Process process(OperationTiming timing) {
        // small pools: several rigs' "processes" share the test PostgreSQL's connection slots
        JdbcStore store = JdbcStore.open(database.config().withPoolSize(4));
        JdbcPoolStore pools = JdbcPoolStore.on(store, Clock.systemUTC());
        PoolClients clients = new PoolClients(pools);
        XenApiHypervisorNetworking driver = new XenApiHypervisorNetworking(pools, clients, eventLoops,
                new Retrying(5, Duration.ZERO, d -> { }), Sleeper.SYSTEM);
        VlanManager manager = new VlanManager(store, Clock.systemUTC(),
                VlanManagerConfig.defaults());
        VifAttachments attachments = new VifAttachments(manager, driver, pools, DhcpReadiness.NONE, AttachFloating.NONE, Worker.forThisProcess(), timing,
                Clock.systemUTC());
        closing.add(0, store);
        closing.add(0, clients);
        closing.add(0, driver);
        closing.add(0, attachments);
        return new Process(store, pools, clients, driver, manager, attachments);
    }

    /** Quick clocks: a heartbeat every 200 ms, dead after a second. */
    static OperationTiming quick() {
        return new OperationTiming(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    /** A client of the pool as its administrator (for changes behind xenvlan's back and for reading the pool's own records). */
    io.xenvlan.xenapi.client.XenApiClient admin() {
        io.xenvlan.xenapi.client.XenApiClient client = io.xenvlan.xenapi.client.XenApiClient.create(
                io.xenvlan.xenapi.client.XenApiClientConfig.builder(sim.url(), "root",
                        io.xenvlan.xenapi.client.Password.of(SimulatorConfig.DEFAULT_PASSWORD)).build());
        closing.add(0, client);
        return client;
    }

    /** Uuids of the guest VMs that run, in ref order. */
    List<String> runningVms() {
        return sim.guests().values().stream()
                .filter(vm -> "Running".equals(vm.get("power_state")))
                .map(vm -> (String) vm.get("uuid")).sorted().toList();
    }

    /** The sim's records of a class whose field equals the value. */
    List<Map<String, Object>> where(String className, String field, Object value) {
        return sim.records(className).values().stream().filter(r -> value.equals(r.get(field))).toList();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        eventLoops.shutdownNow();
        sim.close();
        database.close();
    }
}
