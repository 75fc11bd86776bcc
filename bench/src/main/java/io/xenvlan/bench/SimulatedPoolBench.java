package io.xenvlan.bench;

import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.server.ComputeSide;
import io.xenvlan.server.ServiceWiring;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.store.JdbcPoolStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the compute-side benches start from: a simulated pool, an in-memory H2 store that knows it as pool
 * {@link #POOL} (its password in a file of a temporary directory), and the VLAN manager wired as the server
 * wires it. {@link #compute()} is the server's compute side on them, still to be started.
 */
final class SimulatedPoolBench implements AutoCloseable {
    static final PoolName POOL = PoolName.of("bench");

    final Path dir;
    final PoolSimulator sim;
    final JdbcStore store;
    final JdbcPoolStore pools;
    final ServerMetrics metrics = new ServerMetrics();
    final VlanManager manager;

    private SimulatedPoolBench(Path dir, PoolSimulator sim, JdbcStore store) throws IOException {
        this.dir = dir;
        this.sim = sim;
        this.store = store;
        Path password = Files.writeString(dir.resolve("pool.password"), SimulatorConfig.DEFAULT_PASSWORD);
        pools = JdbcPoolStore.on(store, Clock.systemUTC());
        pools.addPool(new PoolSettings(POOL, sim.url(), "root", new PasswordSource.File(password), VifDriver.BRIDGE,
                Optional.empty(), PoolTls.system()));
        manager = ServiceWiring.manager(store, metrics, Clock.systemUTC());
    }

    /** Starts the simulator as {@code config} says (on a free port) and a fresh store; {@code name} names both temporaries. */
    static SimulatedPoolBench start(String name, SimulatorConfig.Builder config) throws IOException {
        Path dir = Files.createTempDirectory("xenvlan-" + name);
        PoolSimulator sim = PoolSimulator.start(config.port(0).build());
        JdbcStore store = null;
        try {
            store = JdbcStore.open(StoreConfig.of("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"));
            return new SimulatedPoolBench(dir, sim, store);
        } catch (IOException | RuntimeException e) {
            if (store != null) {
                store.close();
            }
            sim.close();
            throw e;
        }
    }

    /** The guests' uuids, sorted. */
    List<String> guestUuids() {
        return sim.guests().values().stream().map(vm -> (String) vm.get("uuid")).sorted().toList();
    }

    /** The compute side on this store and pool, its pool secrets in the bench's directory. */
    ComputeSide.Builder compute() {
        return ComputeSide.on(store, manager, metrics).poolSecrets(dir);
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            sim.close();
        }
    }
}
