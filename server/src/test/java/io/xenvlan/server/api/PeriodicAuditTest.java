package io.xenvlan.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.testing.Eventually;
import io.xenvlan.server.compute.PeriodicAudit;
import io.xenvlan.server.compute.PeriodicAudit.Outcome;
import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API role's periodic audit against the XenAPI simulator: drift is reported, repaired when asked, and exported. */
class PeriodicAuditTest {
    private ApiFixture api;
    private PoolSimulator sim;
    private String vm;

    @BeforeEach
    void start() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().hosts(3).vms(2).port(0).build());
        vm = sim.guests().values().stream()
                .filter(v -> "Running".equals(v.get("power_state")))
                .map(v -> (String) v.get("uuid")).sorted().findFirst().orElseThrow();
        api = ApiFixture.h2();
        api.post(api.admin, "/v1/networks", "{\"label\":\"net\",\"cidr\":\"10.90.0.0/22\",\"num_networks\":4,\"network_size\":256}");
        Files.writeString(api.poolSecrets.resolve("lab.password"), SimulatorConfig.DEFAULT_PASSWORD + "\n");
        api.post(api.admin, "/v1/pools", "{\"name\":\"lab\",\"url\":\"" + sim.url() + "\",\"user\":\"root\","
                + "\"password_source\":\"file:" + api.poolSecrets.resolve("lab.password") + "\"}");
        assertThat(api.post(api.p1, "/v1/vifs", "{\"project\":\"p1\",\"pool\":\"lab\",\"vm\":\"" + vm + "\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
        sim.close();
    }

    private PeriodicAudit audit(boolean repair) {
        return new PeriodicAudit(api.services.compute().audit(), api.services.compute().pools(), api.services.metrics().registry(),
                repair, Clock.systemUTC());
    }

    @Test
    void reportOnly_logsAndExportsDriftButTouchesNothing() {
        PeriodicAudit reporting = audit(false);
        assertThat(reporting.runOnce()).isEqualTo(Map.of(PoolName.of("lab"), Outcome.CLEAN));
        PoolDrift.destroyOneVlanPif(sim, 100);

        assertThat(reporting.runOnce()).isEqualTo(Map.of(PoolName.of("lab"), Outcome.DRIFT));

        assertThat(PoolDrift.hostsWithVlan(sim, 100)).hasSize(2);
        String metrics = api.services.metrics().scrape();
        assertThat(metrics).contains("xenvlan_audit_drift{pool=\"lab\"} 1.0")
                .contains("xenvlan_audit_runs_total{outcome=\"drift\",pool=\"lab\"} 1.0")
                .contains("xenvlan_audit_runs_total{outcome=\"clean\",pool=\"lab\"} 1.0");
    }

    @Test
    void repairing_restoresTheVlanPifOfEveryHost() throws Exception {
        PoolDrift.destroyOneVlanPif(sim, 100);
        sim.addHost("host4");

        assertThat(audit(true).runOnce()).isEqualTo(Map.of(PoolName.of("lab"), Outcome.CLEAN));

        assertThat(PoolDrift.hostsWithVlan(sim, 100)).hasSize(4);
        assertThat(api.services.metrics().scrape()).contains("xenvlan_audit_drift{pool=\"lab\"} 0.0");
    }

    @Test
    void unreachablePool_isCountedAsFailedAndTheOthersStillRun() throws Exception {
        api.post(api.admin, "/v1/pools", "{\"name\":\"gone\",\"url\":\"http://127.0.0.1:1\",\"user\":\"root\","
                + "\"password_source\":\"file:" + api.poolSecrets.resolve("lab.password") + "\",\"verify\":false}");

        assertThat(audit(false).runOnce()).containsEntry(PoolName.of("gone"), Outcome.FAILED)
                .containsEntry(PoolName.of("lab"), Outcome.CLEAN);
        assertThat(api.services.metrics().scrape()).contains("xenvlan_audit_runs_total{outcome=\"failed\",pool=\"gone\"} 1.0");
    }

    @Test
    void scheduled_runsOnItsOwnAndStopsOnClose() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (PeriodicAudit periodic = audit(true).every(Duration.ofMillis(50), scheduler)) {
            PoolDrift.destroyOneVlanPif(sim, 100);
            Eventually.await("the scheduled audit to repair the VLAN PIF", Duration.ofSeconds(20),
                    () -> PoolDrift.hostsWithVlan(sim, 100).size() == 3);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
