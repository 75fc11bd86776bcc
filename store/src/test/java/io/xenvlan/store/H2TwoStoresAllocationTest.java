package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * H2 claims a fixed IP without a row lock; racing allocations of one store pick different rows
 * through its in-process claim marks, but two stores on one database (two processes sharing an
 * H2 file through AUTO_SERVER) do not share those marks, so only the database keeps them apart.
 */
class H2TwoStoresAllocationTest {
    static final int THREADS_PER_STORE = 8;
    static final int PER_THREAD = 25;

    @Test
    void twoStoresRacingInOneNetwork_noAddressOrMacTwice() throws Exception {
        try (TestDatabase db = TestDatabase.h2(); JdbcStore a = db.open(); JdbcStore b = db.open()) {
            VlanManager first = new VlanManager(a, Clock.systemUTC(), VlanManagerConfig.defaults());
            VlanManager second = new VlanManager(b, Clock.systemUTC(), VlanManagerConfig.defaults());
            first.createNetworks(NetworkRequest.of("race", "10.60.0.0/16").withCount(1, 1024));
            first.associate(ProjectId.of("p"), Optional.empty());

            ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_STORE);
            List<Future<List<Allocation>>> futures = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            try {
                for (int t = 0; t < 2 * THREADS_PER_STORE; t++) {
                    VlanManager manager = t % 2 == 0 ? first : second;
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        List<Allocation> mine = new ArrayList<>();
                        for (int i = 0; i < PER_THREAD; i++) {
                            mine.add(manager.allocate(ProjectId.of("p"), InstanceId.of("vm-" + thread + "-" + i), Optional.empty()));
                        }
                        return mine;
                    }));
                }
                start.countDown();
                List<Allocation> all = new ArrayList<>();
                for (Future<List<Allocation>> f : futures) {
                    all.addAll(f.get());
                }
                int total = 2 * THREADS_PER_STORE * PER_THREAD;
                assertThat(all).hasSize(total);
                assertThat(all.stream().map(Allocation::address).distinct()).hasSize(total);
                assertThat(all.stream().map(Allocation::mac).distinct()).hasSize(total);
                assertThat(a.addresses(AddressFilter.inUseEverywhere())).hasSize(total)
                        .allSatisfy(ip -> assertThat(ip.instance()).isPresent());
                assertThat(a.addresses(AddressFilter.inUseEverywhere()).stream().map(ip -> ip.mac().orElseThrow()).distinct())
                        .hasSize(total);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
