package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client tells its observer about every request it sends, as the simulator counted them. */
class XenApiCallObserverTest {
    private record Call(String method, String error, Duration elapsed) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final XenApiCallObserver recorder = (method, error, elapsed) -> calls.add(new Call(method, error, elapsed));
    private SimulatedPool pool;

    @BeforeEach
    void start() {
        pool = SimulatedPool.start(3, 2);
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    private Map<String, Long> countsByMethod() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach(c -> counts.merge(c.method(), 1L, Long::sum));
        return counts;
    }

    private List<Call> callsOf(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    @Test
    void blueprintRun_countsPerMethodMatchTheSimulatorsStats() {
        try (XenApiClient client = pool.client(recorder)) {
            Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br100", "", 1500, Map.of()));
            client.pifs().getAllRecordsWhere(XenFilter.and(XenFilter.eq("device", "eth1"), XenFilter.eq("VLAN", "-1")))
                    .keySet().forEach(trunk -> client.vlans().create(trunk, 100, network));
            client.networks().getPifs(network).forEach(client.pifs()::getRecord);
            Ref<VmRecord> vm = client.vms().getAllRecordsWhere(XenFilter.and(
                    XenFilter.eq("is_control_domain", "false"), XenFilter.eq("is_a_template", "false")))
                    .keySet().iterator().next();
            Ref<VifRecord> vif = client.vifs().create(new VifSpec("7", network, vm, "02:00:00:00:10:01", 1500, Map.of(), "", Map.of()));
            client.vifs().plug(vif);
        }

        Map<String, Long> simulated = new TreeMap<>();
        pool.sim.stats().methods().forEach((method, s) -> simulated.put(method, s.calls()));
        assertThat(countsByMethod()).isEqualTo(simulated).containsEntry("VLAN.create", 3L)
                .containsEntry("session.login_with_password", 1L).containsEntry("session.logout", 1L);
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.error()).isEqualTo(XenApiCallObserver.NO_ERROR);
            assertThat(c.elapsed()).isPositive();
        });
    }

    @Test
    void failingCall_reportsItsXenApiCode() {
        try (XenApiClient client = pool.client(recorder)) {
            Ref<NetworkRecord> network = client.networks().create(NetworkSpec.managed("br100", "", 1500, Map.of()));
            Ref<PifRecord> trunk = client.pifs().getAllRecordsWhere(XenFilter.eq("device", "eth1")).keySet().iterator().next();

            assertThatThrownBy(() -> client.vlans().create(trunk, 5000, network)).isInstanceOf(XenApiException.class);
        }

        assertThat(callsOf("VLAN.create")).singleElement().extracting(Call::error).isEqualTo("VLAN_TAG_INVALID");
    }

    @Test
    void expiredSession_reportsTheFailedCallTheReLoginAndTheRetry() {
        try (XenApiClient client = pool.client(recorder)) {
            Ref<HostRecord> host = client.hosts().getAll().get(0);
            pool.sim.expireAllSessions();
            client.hosts().getRecord(host);
        }

        assertThat(callsOf("host.get_record")).extracting(Call::error).containsExactly("SESSION_INVALID", "none");
        assertThat(callsOf("session.login_with_password")).hasSize(2);
        assertThat(countsByMethod().get("session.login_with_password")).isEqualTo(pool.sim.stats().calls("session.login_with_password"));
    }

    @Test
    void nobodyListening_reportsTheClientsOwnCode() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (XenApiClient client = XenApiClient.create(XenApiClientConfig.builder(URI.create("http://127.0.0.1:" + port), "root",
                Password.of("p")).observer(recorder).build())) {
            assertThatThrownBy(client::login).isInstanceOf(XenApiException.class);
        }

        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("session.login_with_password");
            assertThat(c.error()).isEqualTo(XenApiException.CONNECT_FAILED);
        });
    }

    @Test
    void throwingObserver_doesNotFailTheCall() {
        try (XenApiClient client = pool.client((method, error, elapsed) -> {
            throw new IllegalStateException("broken meter");
        })) {
            assertThat(client.hosts().getAll()).hasSize(3);
        }
    }
}
