package io.xenvlan.store;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A child process of {@link MultiProcessAllocationTest}: opens the store named by the
 * XV_URL / XV_USER / XV_PASSWORD environment and allocates {@code count} addresses on 4 threads
 * for projects project-0..project-(P-1), printing "address mac project network" per allocation.
 */
public final class AllocationWorker {
    private AllocationWorker() {}

    public static void main(String[] args) throws Exception {
        String tag = args[0];
        int count = Integer.parseInt(args[1]);
        int projects = Integer.parseInt(args[2]);
        StoreConfig config = StoreConfig.of(System.getenv("XV_URL")).withCredentials(System.getenv("XV_USER"), System.getenv("XV_PASSWORD"))
                .withPoolSize(4);
        try (JdbcStore store = JdbcStore.open(config)) {
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Allocation>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String project = "project-" + (i % projects);
                String instance = tag + "-vm-" + i;
                futures.add(pool.submit(() -> manager.allocate(ProjectId.of(project), InstanceId.of(instance), Optional.empty())));
            }
            for (Future<Allocation> f : futures) {
                Allocation a = f.get();
                System.out.println("ALLOC " + a.address() + " " + a.mac() + " " + a.network().project().orElseThrow() + " " + a.network().id());
            }
            pool.shutdown();
        }
    }
}
