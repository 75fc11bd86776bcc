package io.xenvlan.store;

import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.core.floating.AssociationTarget;
import io.xenvlan.core.floating.FloatingConfig;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.value.InstanceId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A child process of {@link MultiProcessFloatingTest}: on the store of XV_URL / XV_USER / XV_PASSWORD,
 * four threads allocate {@code count} floating IPs per project (quota {@code quota}) and associate
 * each with a VM {@code vm-<project>-<n>} chosen round-robin, printing one line per outcome:
 * {@code ALLOC fip project vm}, {@code REFUSED project code}, {@code ASSOC fip fixed}, {@code NOASSOC fip code}.
 */
public final class FloatingWorker {
    private FloatingWorker() {}

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        int projects = Integer.parseInt(args[2]);
        int quota = Integer.parseInt(args[3]);
        int vms = Integer.parseInt(args[4]);
        StoreConfig config = StoreConfig.of(System.getenv("XV_URL")).withCredentials(System.getenv("XV_USER"), System.getenv("XV_PASSWORD"))
                .withPoolSize(4);
        try (JdbcStore store = JdbcStore.open(config)) {
            FloatingIps fips = new FloatingIps(JdbcFloatingStore.on(store, Clock.systemUTC()), store, new FloatingConfig(quota, false));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count * projects; i++) {
                String project = "p" + (i % projects);
                String vm = "vm-" + project + "-" + (i / projects % vms);
                futures.add(pool.submit(() -> allocateAndAssociate(fips, project, vm)));
            }
            for (Future<String> f : futures) {
                System.out.println(f.get());
            }
            pool.shutdown();
            store.addresses(AddressFilter.inUseEverywhere()); // the store still answers
        }
    }

    private static String allocateAndAssociate(FloatingIps fips, String project, String vm) {
        FloatingIp ip;
        try {
            ip = fips.allocate(ProjectId.of(project), Optional.empty());
        } catch (XenvlanException e) {
            return "REFUSED " + project + " " + e.code();
        }
        String line = "ALLOC " + ip.address() + " " + project + " " + vm;
        try {
            var done = fips.associate(ip.address(), new AssociationTarget.Vm(InstanceId.of(vm)));
            return line + "\nASSOC " + ip.address() + " " + done.floatingIp().association().orElseThrow().fixedAddress();
        } catch (XenvlanException e) {
            return line + "\nNOASSOC " + ip.address() + " " + e.code();
        }
    }
}
