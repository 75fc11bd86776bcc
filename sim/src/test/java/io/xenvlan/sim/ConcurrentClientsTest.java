package io.xenvlan.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many clients at once: every call is atomic, bridges stay unique, races end in xapi's errors. */
class ConcurrentClientsTest {

    @Test
    void eightClients_createNetworksAndRaceForTheSameVlans() throws Exception {
        try (PoolSimulator sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(3).vms(3).build())) {
            JsonRpcTestClient setup = JsonRpcTestClient.loggedIn(sim);
            List<String> eth1 = new ArrayList<>(setup.where("PIF", "field \"device\"=\"eth1\" and field \"VLAN\"=\"-1\"").keySet());
            String shared = (String) setup.s("network.create", Map.of("name_label", "shared", "other_config", Map.of()));
            AtomicInteger alreadyConnected = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    JsonRpcTestClient c = JsonRpcTestClient.loggedIn(sim);
                    for (int i = 0; i < 10; i++) {
                        String net = (String) c.s("network.create", Map.of("name_label", "t" + thread + "-" + i, "other_config", Map.of()));
                        c.s("VLAN.create", eth1.get(i % eth1.size()), (long) (1000 + thread * 10 + i), net);
                        c.refs("PIF.get_all");
                    }
                    for (String pif : eth1) {
                        try {
                            c.s("VLAN.create", pif, 7L, shared);
                        } catch (XenApiFailure f) {
                            assertThat(f.code()).isIn("NETWORK_ALREADY_CONNECTED", "PIF_VLAN_EXISTS");
                            alreadyConnected.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            Map<String, Map<String, Object>> networks = sim.records("network");
            Set<Object> bridges = new HashSet<>();
            networks.values().forEach(n -> assertThat(bridges.add(n.get("bridge"))).as("unique bridge").isTrue());
            assertThat(networks).hasSize(2 + 1 + 80);
            assertThat(sim.records("VLAN")).hasSize(80 + 3);
            assertThat((List<?>) sim.record(shared).get("PIFs")).hasSize(3);
            assertThat(alreadyConnected.get()).isEqualTo(8 * 3 - 3);
            assertThat(sim.stats().calls("VLAN.create")).isEqualTo(80 + 24);
        }
    }
}
