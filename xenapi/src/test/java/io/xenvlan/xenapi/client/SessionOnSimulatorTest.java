package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One session per pool against the simulator: shared, renewed after expiry, logged out on close. */
class SessionOnSimulatorTest {
    private SimulatedPool pool;

    @BeforeEach
    void start() {
        pool = SimulatedPool.start(2, 2);
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void expiredSession_isRenewedTransparently() {
        try (XenApiClient client = pool.client()) {
            Ref<HostRecord> host = client.hosts().getAll().get(0);
            assertThat(pool.sim.expireAllSessions()).isEqualTo(1);

            assertThat(client.hosts().getRecord(host).nameLabel()).isEqualTo("host1");

            assertThat(pool.sim.sessions()).hasSize(1);
            assertThat(pool.sim.stats().calls("session.login_with_password")).isEqualTo(2);
            assertThat(pool.sim.stats().calls("host.get_record")).isEqualTo(2);
        }
    }

    @Test
    void manyThreads_shareOneSession() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (XenApiClient client = pool.client()) {
            Ref<VmRecord> vm = client.vms().getAllRecordsWhere(XenFilter.and(
                    XenFilter.eq("is_control_domain", "false"), XenFilter.eq("is_a_template", "false")))
                    .keySet().iterator().next();
            List<Future<VmRecord>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(threads.submit(() -> client.vms().getRecord(vm)));
            }
            for (Future<VmRecord> result : results) {
                assertThat(result.get().powerState()).isEqualTo(VmPowerState.RUNNING);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(pool.sim.stats().calls("session.login_with_password")).isEqualTo(1);
        assertThat(pool.sim.stats().calls("VM.get_record")).isEqualTo(400);
    }

    @Test
    void close_logsTheSessionOut() {
        XenApiClient client = pool.client();
        client.login();
        assertThat(pool.sim.sessions()).hasSize(1);
        client.close();
        assertThat(pool.sim.sessions()).isEmpty();
        assertThatThrownBy(() -> client.hosts().getAll()).isInstanceOfSatisfying(XenApiException.class,
                e -> assertThat(e.errorCode()).isEqualTo(XenApiException.CLIENT_CLOSED));
    }
}
