package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.MacAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool store (V10 tables) on each database: pools, recorded refs, the ensure lock, VIF records. */
abstract class PoolStoreContract {
    private static final PoolName LAB = PoolName.of("lab");
    private TestDatabase database;
    private JdbcStore store;
    private JdbcPoolStore pools;
    private Network network;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void open() {
        database = newDatabase();
        store = database.open();
        pools = JdbcPoolStore.on(store, Clock.systemUTC());
        network = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults())
                .createNetworks(NetworkRequest.of("net", "10.0.0.0/24")).get(0);
        pools.addPool(settings(LAB));
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    private static PoolSettings settings(PoolName name) {
        return new PoolSettings(name, URI.create("https://192.0.2.1"), "root",
                new PasswordSource.File(Path.of("/etc/xenvlan/lab.password")), VifDriver.BRIDGE, Optional.empty(),
                new PoolTls(PoolTls.Mode.PINNED, Optional.of("AB:CD")));
    }

    @Test
    void addPool_roundTripsAndRefusesTheSameNameTwice() {
        assertThat(pools.pool(LAB)).contains(settings(LAB));
        assertThat(pools.pools()).containsExactly(settings(LAB));
        assertThatThrownBy(() -> pools.addPool(settings(LAB))).isInstanceOf(ConflictException.class);
    }

    @Test
    void removePool_refusedWhileVifsRemain() {
        PlacedVif vif = new PlacedVif(UUID.randomUUID(), LAB, "vm-1", MacAddress.parse("fa:16:3e:00:00:01"),
                "OpaqueRef:vif", "OpaqueRef:net", "1", true);
        pools.recordVif(vif);
        assertThat(pools.vif(vif.xenvlanVifUuid())).contains(vif);
        assertThat(pools.vifsOfVm(LAB, "vm-1")).containsExactly(vif);
        assertThatThrownBy(() -> pools.removePool(LAB)).isInstanceOf(ConflictException.class);

        pools.forgetVif(vif.xenvlanVifUuid());
        pools.removePool(LAB);
        assertThat(pools.pools()).isEmpty();
        assertThatThrownBy(() -> pools.removePool(LAB)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void ensureNetworkOnce_recordsTheRefAndHandsItToTheNextCaller() {
        assertThat(pools.networkRef(LAB, network.id())).isEmpty();
        assertThat(pools.ensureNetworkOnce(LAB, network, recorded -> {
            assertThat(recorded).isEmpty();
            return "OpaqueRef:n1";
        })).isEqualTo("OpaqueRef:n1");
        assertThat(pools.networkRef(LAB, network.id())).contains("OpaqueRef:n1");
        pools.ensureNetworkOnce(LAB, network, recorded -> {
            assertThat(recorded).contains("OpaqueRef:n1");
            return recorded.get();
        });
    }

    @Test
    void ensureNetworkOnce_failingWork_recordsNothing() {
        assertThatThrownBy(() -> pools.ensureNetworkOnce(LAB, network, recorded -> {
            throw new IllegalStateException("pool unreachable");
        })).hasMessage("pool unreachable");
        assertThat(pools.networkRef(LAB, network.id())).isEmpty();
    }

    @Test
    void ensureNetworkOnce_racingCallersRunOneAfterTheOther() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                JdbcPoolStore own = JdbcPoolStore.on(store, Clock.systemUTC());
                results.add(threads.submit(() -> own.ensureNetworkOnce(LAB, network, recorded -> {
                    seen.add(recorded.orElse("none"));
                    return recorded.orElse("OpaqueRef:" + UUID.randomUUID());
                })));
            }
            List<String> refs = new ArrayList<>();
            for (Future<String> result : results) {
                refs.add(result.get());
            }
            assertThat(refs).containsOnly(refs.get(0));
            assertThat(seen).filteredOn("none"::equals).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void unknownPool_isNotFound() {
        assertThatThrownBy(() -> pools.ensureNetworkOnce(PoolName.of("nope"), network, r -> "x"))
                .isInstanceOf(NotFoundException.class);
    }
}
