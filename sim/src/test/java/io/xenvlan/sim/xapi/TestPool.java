package io.xenvlan.sim.xapi;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.sim.XenApiFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A simulated pool driven in-process through {@link Xapi#call}, logged in. */
final class TestPool {
    final Xapi xapi;
    final String session;
    final List<String> hosts = new ArrayList<>();

    TestPool(int hostCount) {
        this(hostCount, DataPlane.NONE, 0);
    }

    TestPool(int hostCount, DataPlane dataPlane, double failRate) {
        this(hostCount, config().dataPlane(dataPlane).failRate(failRate));
    }

    /** Hosts added to a pool of this configuration (its host and VM counts are not used). */
    TestPool(int hostCount, SimulatorConfig.Builder config) {
        xapi = new Xapi(config.build());
        for (int i = 1; i <= hostCount; i++) {
            hosts.add(xapi.addHost("host" + i, "127.0.0." + i, List.of("eth0", "eth1")));
        }
        session = (String) xapi.call("session.login_with_password", List.of("root", "secret"));
    }

    /** User root, password "secret", seed 7, a fixed clock, failed logins answered at once. */
    static SimulatorConfig.Builder config() {
        return SimulatorConfig.builder().password("secret").seed(7).failedLoginDelay(Duration.ZERO)
                .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    /** Calls with the session first. */
    Object s(String method, Object... args) {
        List<Object> all = new ArrayList<>();
        all.add(session);
        all.addAll(Arrays.asList(args));
        return xapi.call(method, all);
    }

    XenApiFailure fails(String method, Object... args) {
        XenApiFailure f = catchThrowableOfType(() -> s(method, args), XenApiFailure.class);
        if (f == null) {
            throw new AssertionError(method + " succeeded");
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> rec(String cls, String ref) {
        return (Map<String, Object>) s(cls + ".get_record", ref);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> where(String cls, String expr) {
        return (Map<String, Map<String, Object>>) s(cls + ".get_all_records_where", expr);
    }

    /** The physical PIF for {@code device} on host number {@code i} (0-based). */
    String pif(int i, String device) {
        return where("PIF", "field \"host\"=\"" + hosts.get(i) + "\" and field \"device\"=\"" + device
                + "\" and field \"VLAN\"=\"-1\"").keySet().iterator().next();
    }

    String network(String name) {
        return (String) s("network.create", Map.of("name_label", name, "name_description", "", "other_config", Map.of()));
    }

    String vlan(int host, long tag, String network) {
        return (String) s("VLAN.create", pif(host, "eth1"), tag, network);
    }
}
