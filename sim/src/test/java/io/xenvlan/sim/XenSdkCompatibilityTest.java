package io.xenvlan.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Network;
import com.xensource.xenapi.PIF;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VLAN;
import com.xensource.xenapi.VM;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published XenServer Java SDK 8.1.0 (XML-RPC over Apache XML-RPC), a client nobody here
 * wrote, runs the blueprint's steps and the reference's error cases against the simulator.
 */
class XenSdkCompatibilityTest {
    private static PoolSimulator sim;
    private Connection c;

    @BeforeAll
    static void startPool() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(3).vms(2).failedLoginDelay(Duration.ZERO).build());
    }

    @AfterAll
    static void stopPool() {
        sim.stop();
    }

    @BeforeEach
    void login() throws Exception {
        c = new Connection(new URL(sim.url().toString()));
        Session.loginWithPassword(c, "root", SimulatorConfig.DEFAULT_PASSWORD, "1.3");
    }

    private Network createNetwork(String name) throws Exception {
        Network.Record r = new Network.Record();
        r.nameLabel = name;
        r.nameDescription = "nova VLAN network";
        r.otherConfig = new HashMap<>();
        r.managed = true;
        r.MTU = 1500L;
        r.defaultLockingMode = Types.NetworkDefaultLockingMode.UNLOCKED;
        return Network.create(c, r);
    }

    private PIF physicalPif(Host host, String device) throws Exception {
        for (Map.Entry<PIF, PIF.Record> e : PIF.getAllRecords(c).entrySet()) {
            PIF.Record p = e.getValue();
            if (p.host.equals(host) && p.device.equals(device) && p.VLAN == -1L) {
                return e.getKey();
            }
        }
        throw new AssertionError("no " + device + " on " + host);
    }

    private static Map<?, ?> raw(String method, Object... params) throws Exception {
        return RawXmlRpc.call(sim.url(), method, params);
    }

    @Test
    void blueprint_findCreateVlanOnEveryHostAndCheckTags() throws Exception {
        assertThat(Network.getByNameLabel(c, "br100")).isEmpty();
        Network net = createNetwork("br100");
        assertThat(net.getBridge(c)).startsWith("xapi");
        assertThat(net.getManaged(c)).isTrue();
        for (Host host : Host.getAll(c)) {
            VLAN.create(c, physicalPif(host, "eth1"), 100L, net);
        }

        Set<Network> found = Network.getByNameLabel(c, "br100");
        assertThat(found).containsExactly(net);
        Set<PIF> pifs = net.getPIFs(c);
        assertThat(pifs).hasSize(3);
        List<Host> hostsWithPif = new ArrayList<>();
        for (PIF pif : pifs) {
            PIF.Record r = pif.getRecord(c);
            assertThat(r.VLAN).isEqualTo(100L);
            assertThat(r.device).isEqualTo("eth1");
            assertThat(r.currentlyAttached).isTrue();
            assertThat(r.VLANMasterOf.getTag(c)).isEqualTo(100L);
            hostsWithPif.add(r.host);
        }
        assertThat(hostsWithPif).containsExactlyInAnyOrderElementsOf(Host.getAll(c));
        // get_all_records_where is on the wire but not in the SDK's API: call it over the SDK's transport
        Map<?, ?> byFilter = (Map<?, ?>) raw("network.get_all_records_where", c.getSessionReference(),
                "field \"name__label\"=\"br100\"").get("Value");
        assertThat(new ArrayList<Object>(byFilter.keySet())).containsExactly(net.toWireString());
        assertThat(Types.toNetworkRecord(byFilter.get(net.toWireString())).bridge).isEqualTo(net.getBridge(c));
    }

    @Test
    void vif_createAndPlugOnARunningVm() throws Exception {
        Network net = createNetwork("br310");
        for (Host host : Host.getAll(c)) {
            VLAN.create(c, physicalPif(host, "eth1"), 310L, net);
        }
        VM guest = null;
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            if (!e.getValue().isControlDomain && e.getValue().powerState == Types.VmPowerState.RUNNING) {
                guest = e.getKey();
            }
        }
        assertThat(guest).isNotNull();
        VIF.Record r = new VIF.Record();
        r.device = "7";
        r.network = net;
        r.VM = guest;
        r.MAC = "fa:16:3e:00:00:07";
        r.MTU = 1500L;
        r.otherConfig = Map.of("nova_instance", "i-1");
        r.qosAlgorithmType = "";
        r.qosAlgorithmParams = new HashMap<>();
        r.lockingMode = Types.VifLockingMode.NETWORK_DEFAULT;
        VIF vif = VIF.create(c, r);
        vif.plug(c);
        VIF.Record plugged = vif.getRecord(c);
        assertThat(plugged.currentlyAttached).isTrue();
        assertThat(plugged.MAC).isEqualTo("fa:16:3e:00:00:07");
        assertThat(plugged.lockingMode).isEqualTo(Types.VifLockingMode.NETWORK_DEFAULT);
        assertThat(catchThrowableOfType(() -> vif.plug(c), Types.DeviceAlreadyAttached.class)).isNotNull();
        vif.unplug(c);
        vif.destroy(c);
    }

    @Test
    void vifLocking_throughTheSdk() throws Exception {
        Network net = createNetwork("br311");
        VM guest = null;
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            if (!e.getValue().isControlDomain && e.getValue().powerState == Types.VmPowerState.RUNNING) {
                guest = e.getKey();
            }
        }
        VIF.Record r = new VIF.Record();
        r.device = "8";
        r.network = net;
        r.VM = guest;
        r.MAC = "fa:16:3e:00:00:08";
        r.MTU = 1500L;
        r.otherConfig = new HashMap<>();
        r.qosAlgorithmType = "";
        r.qosAlgorithmParams = new HashMap<>();
        r.lockingMode = Types.VifLockingMode.LOCKED;
        r.ipv4Allowed = Set.of("10.31.0.5");
        VIF vif = VIF.create(c, r);
        assertThat(vif.getLockingMode(c)).isEqualTo(Types.VifLockingMode.LOCKED);
        assertThat(vif.getIpv4Allowed(c)).containsExactly("10.31.0.5");

        vif.addIpv4Allowed(c, "10.31.0.6");
        vif.removeIpv4Allowed(c, "10.31.0.5");
        vif.setLockingMode(c, Types.VifLockingMode.DISABLED);
        assertThat(vif.getIpv4Allowed(c)).containsExactly("10.31.0.6");
        assertThat(vif.getLockingMode(c)).isEqualTo(Types.VifLockingMode.DISABLED);
        assertThat(catchThrowableOfType(() -> vif.addIpv4Allowed(c, "10.31.0"), Types.InvalidIpAddressSpecified.class).parameter)
                .isEqualTo("ipv4_allowed");

        net.setDefaultLockingMode(c, Types.NetworkDefaultLockingMode.DISABLED);
        assertThat(net.getDefaultLockingMode(c)).isEqualTo(Types.NetworkDefaultLockingMode.DISABLED);
        vif.plug(c);
        Types.VifInUse inUse = catchThrowableOfType(() -> net.setDefaultLockingMode(c, Types.NetworkDefaultLockingMode.UNLOCKED),
                Types.VifInUse.class);
        assertThat(inUse.network).isEqualTo(net.toWireString());
        assertThat(inUse.VIF).isEqualTo(vif.toWireString());
        vif.unplug(c);
        vif.destroy(c);
    }

    @Test
    void eventFrom_reportsTheNewNetwork() throws Exception {
        EventBatch initial = Event.from(c, Set.of("network"), "", 0.0);
        assertThat(initial.events).isNotEmpty();
        Network net = createNetwork("watched");
        EventBatch next = Event.from(c, Set.of("network"), initial.token, 5.0);
        assertThat(next.events).anySatisfy(e -> {
            assertThat(e.ref).isEqualTo(net.toWireString());
            assertThat(e.operation).isEqualTo(Types.EventOperation.ADD);
            assertThat(e.timestamp).isNotNull();
            assertThat(((Network.Record) e.snapshot).nameLabel).isEqualTo("watched");
        });
    }

    @Test
    void errors_tagOutOfRange() throws Exception {
        Network net = createNetwork("tag5000");
        Host host = Host.getAll(c).iterator().next();
        Types.VlanTagInvalid e = catchThrowableOfType(
                () -> VLAN.create(c, physicalPif(host, "eth1"), 5000L, net), Types.VlanTagInvalid.class);
        assertThat(e.VLAN).isEqualTo("5000");
    }

    @Test
    void errors_secondVlanForSameNetworkOnHost() throws Exception {
        Network net = createNetwork("twice");
        Host host = Host.getAll(c).iterator().next();
        VLAN.create(c, physicalPif(host, "eth1"), 200L, net);
        Types.NetworkAlreadyConnected e = catchThrowableOfType(
                () -> VLAN.create(c, physicalPif(host, "eth0"), 201L, net), Types.NetworkAlreadyConnected.class);
        // xapi raises [host; existing PIF]; the SDK names the first parameter "network"
        assertThat(e.network).isEqualTo(host.toWireString());
    }

    @Test
    void errors_vlanOnVlanPifAndSameTagTwice() throws Exception {
        Host host = Host.getAll(c).iterator().next();
        VLAN vlan = VLAN.create(c, physicalPif(host, "eth1"), 300L, createNetwork("stack"));
        PIF vlanPif = vlan.getUntaggedPIF(c);
        assertThat(catchThrowableOfType(() -> VLAN.create(c, vlanPif, 301L, createNetwork("stack2")),
                Types.PifIsVlan.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> VLAN.create(c, physicalPif(host, "eth1"), 300L, createNetwork("dup")),
                Types.PifVlanExists.class)).isNotNull();
    }

    @Test
    void errors_unknownRef() {
        Types.HandleInvalid e = catchThrowableOfType(() -> Types.toPIF("OpaqueRef:no-such-pif").getRecord(c),
                Types.HandleInvalid.class);
        assertThat(e.clazz).isEqualTo("PIF");
        assertThat(e.handle).isEqualTo("OpaqueRef:no-such-pif");
    }

    @Test
    void errors_expiredSessionAndBadPassword() throws Exception {
        assertThat(sim.expireSession(c.getSessionReference())).isTrue();
        assertThat(catchThrowableOfType(() -> Host.getAll(c), Types.SessionInvalid.class)).isNotNull();
        Connection other = new Connection(new URL(sim.url().toString()));
        assertThat(catchThrowableOfType(() -> Session.loginWithPassword(other, "root", "wrong", "1.3"),
                Types.SessionAuthenticationFailed.class)).isNotNull();
    }

    @Test
    void errors_badFilter() throws Exception {
        Map<?, ?> reply = raw("network.get_all_records_where", c.getSessionReference(), "field \"name__label\" =");
        assertThat(reply.get("Status")).isEqualTo("Failure");
        assertThat((Object[]) reply.get("ErrorDescription")).startsWith("INVALID_VALUE", "field \"name__label\" =");
    }

    @Test
    void errors_memberHostIsSlave() throws Exception {
        SimHost member = sim.hosts().get(1);
        Connection toMember = new Connection(new URL(member.url().toString()));
        Types.HostIsSlave e = catchThrowableOfType(
                () -> Session.loginWithPassword(toMember, "root", SimulatorConfig.DEFAULT_PASSWORD, "1.3"),
                Types.HostIsSlave.class);
        assertThat(e.masterIPAddress).isEqualTo(sim.masterAddress());
        assertThat(new URL(member.url().toString()).getHost()).isNotEqualTo(e.masterIPAddress);
    }

    @Test
    void errors_wrongArityAndUnknownMethod_overTheSdksTransport() throws Exception {
        Map<?, ?> arity = raw("VLAN.create", c.getSessionReference(), "x");
        assertThat(arity.get("Status")).isEqualTo("Failure");
        assertThat((Object[]) arity.get("ErrorDescription"))
                .containsExactly("MESSAGE_PARAMETER_COUNT_MISMATCH", "VLAN.create", "3", "1");
        Map<?, ?> unknown = raw("VLAN.frobnicate", c.getSessionReference());
        assertThat((Object[]) unknown.get("ErrorDescription")).containsExactly("MESSAGE_METHOD_UNKNOWN", "VLAN.frobnicate");
    }
}
