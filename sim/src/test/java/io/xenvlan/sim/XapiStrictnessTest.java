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
import com.xensource.xenapi.Task;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VLAN;
import com.xensource.xenapi.VM;
import io.xenvlan.core.testing.Eventually;
import java.net.URL;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the simulator answers as xapi's source says it must, through the published Java SDK
 * 8.1.0 (XML-RPC) or, for what the SDK does not expose, a raw call over the SDK's own transport.
 */
class XapiStrictnessTest {
    private static final Duration FAILED_LOGIN_DELAY = Duration.ofMillis(300);
    private static final Duration ASYNC_TASK_TIME = Duration.ofSeconds(2); // the test must see the task pending, even on a busy machine
    private static PoolSimulator sim;
    private Connection c;

    @BeforeAll
    static void startPool() throws Exception {
        sim = PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(2).vms(2)
                .failedLoginDelay(FAILED_LOGIN_DELAY).asyncTaskTime(ASYNC_TASK_TIME).build());
    }

    @AfterAll
    static void stopPool() {
        sim.stop();
    }

    @BeforeEach
    void login() throws Exception {
        c = connection(sim.url().toString());
        Session.loginWithPassword(c, "root", SimulatorConfig.DEFAULT_PASSWORD, "1.3");
    }

    private static Connection connection(String url) throws Exception {
        return new Connection(new URL(url));
    }

    private static Map<?, ?> raw(String method, Object... params) throws Exception {
        return RawXmlRpc.call(sim.url(), method, params);
    }

    private static Object[] error(Map<?, ?> reply) {
        assertThat(reply.get("Status")).as("%s", reply).isEqualTo("Failure");
        return (Object[]) reply.get("ErrorDescription");
    }

    private Network network(String name) throws Exception {
        Network.Record r = new Network.Record();
        r.nameLabel = name;
        r.otherConfig = new HashMap<>();
        r.managed = true; // the SDK sends every field of the record, an unset Boolean as false
        r.MTU = 1500L;
        return Network.create(c, r);
    }

    private PIF eth1(Host host) throws Exception {
        for (Map.Entry<PIF, PIF.Record> e : PIF.getAllRecords(c).entrySet()) {
            if (e.getValue().host.equals(host) && e.getValue().device.equals("eth1") && e.getValue().VLAN == -1L) {
                return e.getKey();
            }
        }
        throw new AssertionError("no eth1 on " + host);
    }

    private VM runningGuest() throws Exception {
        for (Map.Entry<VM, VM.Record> e : VM.getAllRecords(c).entrySet()) {
            VM.Record r = e.getValue();
            if (!r.isControlDomain && !r.isATemplate && r.powerState == Types.VmPowerState.RUNNING) {
                return e.getKey();
            }
        }
        throw new AssertionError("no running guest");
    }

    private VIF.Record vifOn(VM vm, Network net, String device, String mac) {
        VIF.Record r = new VIF.Record();
        r.device = device;
        r.network = net;
        r.VM = vm;
        r.MAC = mac;
        r.MTU = 1500L;
        r.otherConfig = new HashMap<>();
        r.qosAlgorithmType = "";
        r.qosAlgorithmParams = new HashMap<>();
        return r;
    }

    @Test
    void vifMac_isStoredAsGiven() throws Exception {
        VIF vif = VIF.create(c, vifOn(runningGuest(), network("mac-case"), "5", "FA:16:3E:0A:bC:0D"));
        assertThat(vif.getMAC(c)).isEqualTo("FA:16:3E:0A:bC:0D");
    }

    @Test
    void async_ofAMessageWithoutAnAsyncForm_isXapisFault() throws Exception {
        VLAN vlan = VLAN.create(c, eth1(Host.getAll(c).iterator().next()), 401L, network("sync-only"));
        assertThat(error(raw("Async.VLAN.get_tag", c.getSessionReference(), vlan.toWireString())))
                .containsExactly("Fault", "No async mode for this operation (rpc: VLAN.get_tag)");
        assertThat(error(raw("Async.event.from", c.getSessionReference(), new Object[] {"*"}, "", 0.0)))
                .containsExactly("Fault", "No async mode for this operation (rpc: event.from)");
    }

    @Test
    void asyncTask_isPendingWhenTheCallReturns_thenHoldsTheResult() throws Exception {
        Network net = network("async");
        Task task = VLAN.createAsync(c, eth1(Host.getAll(c).iterator().next()), 402L, net);
        assertThat(task.getStatus(c)).isEqualTo(Types.TaskStatusType.PENDING);
        assertThat(net.getPIFs(c)).as("nothing done while the task is pending").isEmpty();

        Eventually.await("the task to finish", ASYNC_TASK_TIME.plusSeconds(10), () -> status(task) != Types.TaskStatusType.PENDING);
        assertThat(task.getStatus(c)).isEqualTo(Types.TaskStatusType.SUCCESS);
        assertThat(task.getResult(c)).matches("<value>OpaqueRef:[-0-9a-f]+</value>");
        assertThat(net.getPIFs(c)).hasSize(1);
    }

    private Types.TaskStatusType status(Task task) {
        try {
            return task.getStatus(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventFrom_timestampIsZero_refCountsAreInts() throws Exception {
        EventBatch batch = Event.from(c, Set.of("network"), "", 0.0);
        assertThat(batch.events).isNotEmpty().allSatisfy(e -> assertThat(e.timestamp).isEqualTo(new Date(0)));
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) batch.validRefCounts;
        assertThat(counts).containsKeys("network", "vm", "session");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isInstanceOf(Integer.class));
    }

    @Test
    void parameterCountMismatch_countsWithoutTheSession() throws Exception {
        assertThat(error(raw("VLAN.create", c.getSessionReference(), "x")))
                .containsExactly("MESSAGE_PARAMETER_COUNT_MISMATCH", "VLAN.create", "3", "1");
        assertThat(error(raw("session.login_with_password", "root")))
                .containsExactly("MESSAGE_PARAMETER_COUNT_MISMATCH", "session.login_with_password", "2", "1");
        // a message with defaulted parameters ignores extra ones, as xapi's dispatcher does
        assertThat(raw("session.login_with_password", "root", SimulatorConfig.DEFAULT_PASSWORD, "1.3", "t", "extra")
                .get("Status")).isEqualTo("Success");
    }

    @Test
    void unknownMethod_withArguments_checksTheSessionFirst() throws Exception {
        assertThat(error(raw("VLAN.frobnicate", "OpaqueRef:no-such-session")))
                .containsExactly("SESSION_INVALID", "OpaqueRef:no-such-session");
        assertThat(error(raw("Async.VLAN.frobnicate", c.getSessionReference())))
                .containsExactly("MESSAGE_METHOD_UNKNOWN", "VLAN.frobnicate");
        assertThat(error(raw("VLAN.frobnicate"))).containsExactly("MESSAGE_METHOD_UNKNOWN", "VLAN.frobnicate");
    }

    @Test
    void createRecord_withoutAFieldThatHasNoDefault_isFieldNotFound() throws Exception {
        assertThat(error(raw("network.create", c.getSessionReference(), Map.of("name_label", "no-other-config"))))
                .containsExactly("INTERNAL_ERROR", "Server_helpers.Dispatcher_FieldNotFound(\"other_config\")");
        Map<?, ?> defaulted = raw("network.create", c.getSessionReference(), Map.of("other_config", Map.of()));
        assertThat(Types.toNetwork(defaulted.get("Value")).getNameLabel(c)).isEmpty();
    }

    @Test
    void emptyMapKey_isRefusedAsXapisDatabaseRefusesIt() throws Exception {
        Network net = network("keys");
        Types.InternalError added = catchThrowableOfType(() -> net.addToOtherConfig(c, "", "v"), Types.InternalError.class);
        assertThat(added.message).isEqualTo("Db_exn.Empty_key_in_map");
        Types.InternalError set = catchThrowableOfType(() -> net.setOtherConfig(c, Map.of("", "v")), Types.InternalError.class);
        assertThat(set.message).isEqualTo("Db_exn.Empty_key_in_map");
        assertThat(net.getOtherConfig(c)).isEmpty();
    }

    @Test
    void operationNotAllowed_carriesXapisReason() throws Exception {
        Network net = network("in-use");
        for (Host host : Host.getAll(c)) {
            VLAN.create(c, eth1(host), 403L, net);
        }
        VIF vif = VIF.create(c, vifOn(runningGuest(), net, "6", "fa:16:3e:00:04:03"));
        vif.plug(c);
        Types.OperationNotAllowed e = catchThrowableOfType(() -> vif.destroy(c), Types.OperationNotAllowed.class);
        assertThat(e.reason).isEqualTo("VIF currently attached to a running VM");
    }

    @Test
    void slaveLocalLogin_worksOnAMember_andOnlyThere() throws Exception {
        SimHost member = sim.hosts().get(1);
        Connection toMember = connection(member.url().toString());
        assertThat(catchThrowableOfType(() -> Session.loginWithPassword(toMember, "root", SimulatorConfig.DEFAULT_PASSWORD),
                Types.HostIsSlave.class)).isNotNull();

        Session.slaveLocalLoginWithPassword(toMember, "root", SimulatorConfig.DEFAULT_PASSWORD);
        assertThat(Host.getAll(toMember)).hasSize(2);
        assertThat(error(raw("host.get_all", toMember.getSessionReference())))
                .as("a local session is good only on its host").containsExactly("SESSION_INVALID", toMember.getSessionReference());
        Session.localLogout(toMember);
        assertThat(catchThrowableOfType(() -> Host.getAll(toMember), Types.SessionInvalid.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> Session.slaveLocalLoginWithPassword(connection(member.url().toString()),
                "root", "wrong"), Types.SessionAuthenticationFailed.class)).isNotNull();
    }

    @Test
    void sessionGetRecord_answers() throws Exception {
        Session session = Types.toSession(c.getSessionReference());
        Session.Record r = session.getRecord(c);
        assertThat(r.thisHost.toWireString()).isEqualTo(sim.master().ref());
        assertThat(r.authUserName).isEqualTo("root");
        assertThat(r.isLocalSuperuser).isTrue();
        assertThat(session.getThisHost(c).toWireString()).isEqualTo(sim.master().ref());
        assertThat(error(raw("session.get_all", c.getSessionReference()))[0]).isEqualTo("MESSAGE_METHOD_UNKNOWN");
    }

    @Test
    void failedLogin_answersAfterTheDelay() throws Exception {
        long start = System.nanoTime();
        assertThat(catchThrowableOfType(() -> Session.loginWithPassword(connection(sim.url().toString()), "root", "wrong"),
                Types.SessionAuthenticationFailed.class)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(FAILED_LOGIN_DELAY);
    }

    @Test
    void vmTable_holdsTemplatesAndASnapshot_thatDoNotStart() throws Exception {
        Map<VM, VM.Record> vms = VM.getAllRecords(c);
        List<VM> templates = vms.entrySet().stream().filter(e -> e.getValue().isATemplate && !e.getValue().isASnapshot)
                .map(Map.Entry::getKey).toList();
        List<VM> snapshots = vms.entrySet().stream().filter(e -> e.getValue().isASnapshot).map(Map.Entry::getKey).toList();
        assertThat(templates).hasSize(2);
        assertThat(snapshots).hasSize(1);
        assertThat(sim.guests().values()).extracting(vm -> vm.get("name_label")).containsExactly("vm1", "vm2");
        VM.Record snapshot = vms.get(snapshots.get(0));
        assertThat(snapshot.isATemplate).isTrue();
        assertThat(snapshot.powerState).isEqualTo(Types.VmPowerState.HALTED);
        VM.Record original = vms.get(snapshot.snapshotOf);
        assertThat(original.nameLabel).isEqualTo("vm1");
        assertThat(original.snapshots).containsExactly(snapshots.get(0));
        assertThat(snapshot.VIFs).isNotEmpty().allSatisfy(v -> {
            assertThat(v.getCurrentlyAttached(c)).isFalse();
            assertThat(original.VIFs.stream().map(o -> mac(o))).contains(v.getMAC(c));
        });

        Types.VmIsTemplate notStarted = catchThrowableOfType(() -> templates.get(0).start(c, false, false),
                Types.VmIsTemplate.class);
        assertThat(notStarted.vm).isEqualTo(templates.get(0).toWireString());
        Types.XenAPIException snapshotNotStarted = catchThrowableOfType(() -> snapshots.get(0).start(c, false, false),
                Types.XenAPIException.class);
        assertThat(snapshotNotStarted.errorDescription).containsExactly("VM_IS_SNAPSHOT", snapshots.get(0).toWireString(), "start");
    }

    private String mac(VIF vif) {
        try {
            return vif.getMAC(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
