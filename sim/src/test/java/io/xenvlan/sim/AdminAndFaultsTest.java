package io.xenvlan.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Java admin API, the data-plane port, --latency-ms and --fail-rate. */
class AdminAndFaultsTest {

    private static SimulatorConfig.Builder small() {
        return SimulatorConfig.builder().port(0).hosts(2).vms(0);
    }

    @Test
    void addHostLater_getsPhysicalPifsButNoVlanPifs() throws Exception {
        try (PoolSimulator sim = PoolSimulator.start(small().build())) {
            String net = sim.createNetwork("br100", "");
            for (SimHost h : sim.hosts()) {
                String eth1 = pif(sim, h.ref(), "eth1");
                sim.createVlan(eth1, 100, net);
            }
            SimHost late = sim.addHost("late");
            assertThat(late.master()).isFalse();
            assertThat(sim.records("PIF").values()).filteredOn(p -> p.get("host").equals(late.ref()))
                    .extracting(p -> p.get("device") + "/" + p.get("VLAN")).containsExactlyInAnyOrder("eth0/-1", "eth1/-1");
            assertThat((List<?>) sim.record(net).get("PIFs")).hasSize(2);
            JsonRpcTestClient c = new JsonRpcTestClient(late.url().resolve("/jsonrpc"));
            XenApiFailure f = catchThrowableOfType(() -> c.call("session.login_with_password", "root", "xenvlan"), XenApiFailure.class);
            assertThat(f.description()).containsExactly("HOST_IS_SLAVE", sim.masterAddress());
        }
    }

    @Test
    void withoutLoopbackAliases_membersOnPortsOfTheirOwn() throws Exception {
        assertThat(PoolSimulator.hostPort(java.net.InetAddress.getByName("::1"), 9363)).isEqualTo("[0:0:0:0:0:0:0:1]:9363");
        try (PoolSimulator sim = PoolSimulator.start(small().build(), false)) {
            SimHost member = sim.hosts().get(1);
            assertThat(member.url().getHost()).isEqualTo(sim.url().getHost());
            assertThat(member.url().getPort()).isNotEqualTo(sim.url().getPort());
            assertThat(sim.masterAddress()).isEqualTo("127.0.0.1:" + sim.url().getPort());
            JsonRpcTestClient c = new JsonRpcTestClient(member.url().resolve("/jsonrpc"));
            XenApiFailure f = catchThrowableOfType(() -> c.call("session.login_with_password", "root", "xenvlan"), XenApiFailure.class);
            assertThat(f.description()).containsExactly("HOST_IS_SLAVE", sim.masterAddress());
            assertThat(JsonRpcTestClient.loggedIn(sim).refs("host.get_all")).hasSize(2);
        }
    }

    private static String pif(PoolSimulator sim, String host, String device) {
        return sim.records("PIF").entrySet().stream()
                .filter(e -> e.getValue().get("host").equals(host) && e.getValue().get("device").equals(device)
                        && e.getValue().get("VLAN").equals(-1L))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    @Test
    void adminErrors_areXenApiFailures() throws Exception {
        try (PoolSimulator sim = PoolSimulator.start(small().build())) {
            String net = sim.createNetwork("n", "");
            XenApiFailure f = catchThrowableOfType(() -> sim.createVlan(pif(sim, sim.master().ref(), "eth1"), 5000, net),
                    XenApiFailure.class);
            assertThat(f.description()).containsExactly("VLAN_TAG_INVALID", "5000");
            assertThat(catchThrowableOfType(() -> sim.createNetwork("n", "xenbr0"), XenApiFailure.class).code())
                    .isEqualTo("INVALID_VALUE");
        }
    }

    @Test
    void vmLifecycle_andDataPlaneSeesEveryPlug() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        DataPlane recorder = new DataPlane() {
            @Override public void pifPlugged(PifPort p) { seen.add("pif+ " + p.bridge() + " " + p.parentBridge() + " " + p.vlan()); }
            @Override public void pifUnplugged(PifPort p) { seen.add("pif- " + p.bridge()); }
            @Override public void vifPlugged(VifPort v) { seen.add("vif+ " + v.bridge() + " vif" + v.domid() + "." + v.device()); }
            @Override public void vifUnplugged(VifPort v) { seen.add("vif- " + v.bridge()); }
            @Override public void vmStarted(VmPort vm) { seen.add("vm+ " + vm.vmName()); }
            @Override public void vmStopped(VmPort vm) { seen.add("vm- " + vm.vmName()); }
            @Override public void poolStopped() { seen.add("stopped"); }
        };
        try (PoolSimulator sim = PoolSimulator.start(small().hosts(1).dataPlane(recorder).build())) {
            assertThat(seen).containsExactly("pif+ xenbr0  -1", "pif+ xenbr1  -1");
            seen.clear();
            String net = sim.createNetwork("br100", "");
            sim.createVlan(pif(sim, sim.master().ref(), "eth1"), 100, net);
            assertThat(seen).containsExactly("pif+ xapi0 xenbr1 100");
            seen.clear();
            String vm = sim.addVm("web");
            sim.startVm(vm, null);
            sim.stopVm(vm);
            assertThat(seen).containsExactly("vm+ web", "vif+ xenbr0 vif1.0", "vif- xenbr0", "vm- web");
            seen.clear();
        }
        assertThat(seen).containsExactly("stopped");
    }

    @Test
    void dataPlaneFailure_failsTheCallAndChangesNothing() throws Exception {
        DataPlane broken = new DataPlane() {
            @Override public void pifPlugged(PifPort p) {
                if (p.vlan() >= 0) {
                    throw new IllegalStateException("ovs-vsctl exited 1");
                }
            }
        };
        try (PoolSimulator sim = PoolSimulator.start(small().hosts(1).dataPlane(broken).build())) {
            String net = sim.createNetwork("br100", "");
            XenApiFailure f = catchThrowableOfType(() -> sim.createVlan(pif(sim, sim.master().ref(), "eth1"), 100, net),
                    XenApiFailure.class);
            assertThat(f.description()).containsExactly("INTERNAL_ERROR", "data plane: ovs-vsctl exited 1");
            assertThat(sim.records("VLAN")).isEmpty();
            assertThat((List<?>) sim.record(net).get("PIFs")).isEmpty();
        }
    }

    @Test
    void latency_delaysEveryCall() throws Exception {
        try (PoolSimulator sim = PoolSimulator.start(small().latency(Duration.ofMillis(120)).build())) {
            long start = System.nanoTime();
            JsonRpcTestClient.loggedIn(sim);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
        }
    }

    private static List<String> outcomes(long seed) throws Exception {
        try (PoolSimulator sim = PoolSimulator.start(small().failRate(0.5).seed(seed).build())) {
            JsonRpcTestClient c = JsonRpcTestClient.loggedIn(sim);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                c.refs("network.get_all");
                try {
                    c.s("network.create", Map.of("name_label", "n" + i, "other_config", Map.of()));
                    out.add("ok");
                } catch (XenApiFailure f) {
                    out.add(f.code());
                }
            }
            String net = (String) sim.records("network").keySet().iterator().next();
            for (int i = 0; i < 8; i++) {
                try {
                    c.s("network.add_tags", net, "t" + i);
                    out.add("ok");
                } catch (XenApiFailure f) {
                    assertThat(f.params()).containsExactly("network", net);
                    out.add(f.code());
                }
            }
            return out;
        }
    }

    @Test
    void failRate_failsMutatingCallsOnly_reproduciblyPerSeed() throws Exception {
        List<String> first = outcomes(42);
        assertThat(first).contains("ok", "INTERNAL_ERROR", "OTHER_OPERATION_IN_PROGRESS");
        assertThat(outcomes(42)).isEqualTo(first);
        assertThat(outcomes(43)).isNotEqualTo(first);
    }
}
