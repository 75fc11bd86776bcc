package io.xenvlan.sim.xapi;

import io.xenvlan.sim.SimulatorConfig;
import io.xenvlan.sim.SimulatorStats;
import io.xenvlan.sim.XenApiFailure;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The simulated xapi of one pool, independent of any wire protocol: {@link #call} takes a
 * method name and decoded arguments and returns the decoded result or throws
 * {@link XenApiFailure}. Dispatch follows xapi's generated dispatcher: unknown method, then
 * parameter count, then the session (on a member: HOST_IS_SLAVE unless it is a local session
 * of that member), then an {@code Async.} call of a message without an async form, then the
 * message itself.
 */
public final class Xapi implements AutoCloseable {
    private static final String UNKNOWN = "(unknown)";
    private static final String ASYNC = "Async.";

    private final Map<String, Message> table = new HashMap<>();
    private final Database db;
    private final SimPool pool;
    private final PoolBuilder builder;
    private final Faults faults;
    private final AsyncTasks tasks;
    private final CallStats stats = new CallStats();

    /**
     * A pool with no hosts yet, as the configuration says: the account, the seed (uuids, MACs,
     * injected failures), the fail rate, the clock, the data plane, how long a failed login
     * waits and how long an Async. task stays pending.
     */
    public Xapi(SimulatorConfig config) {
        this.db = new Database(config.seed());
        Sessions sessions = new Sessions(config.user(), config.password(), config.failedLoginDelay(), db, config.clock());
        this.pool = new SimPool(db, config.clock(), sessions, config.dataPlane());
        this.builder = new PoolBuilder(pool, config.seed());
        this.faults = new Faults(config.failRate(), config.seed());
        this.tasks = new AsyncTasks(pool, config.asyncTaskTime());
        for (ClassDef cls : Schema.ALL) {
            ObjectMessages.register(cls, this::add);
        }
        SessionMessages.register(this::add);
        NetworkMessages.register(this::add);
        VlanMessages.register(this::add);
        PifMessages.register(this::add);
        VifMessages.register(this::add);
        VifLockingMessages.register(this::add);
        VmMessages.register(this::add);
        EventMessages.register(this::add);
        TaskMessages.register(this::add);
        db.write(() -> {
            builder.createPool("xenvlan-sim");
            return null;
        });
    }

    private void add(Message m) {
        table.put(m.name(), m);
    }

    /**
     * Runs one XenAPI call.
     *
     * @param method  as sent: {@code VLAN.create}, {@code VLAN_create} or {@code Async.VLAN.create}
     * @param params  decoded wire arguments, the session ref first where the message takes one
     * @param hostRef the host whose endpoint the call arrived at
     * @throws XenApiFailure with the error code and parameters the client must see
     */
    public Object call(String method, List<Object> params, String hostRef) {
        long start = System.nanoTime();
        String key = UNKNOWN;
        try {
            boolean async = method.startsWith(ASYNC);
            String called = async ? method.substring(ASYNC.length()) : method;
            boolean onMaster = db.read(() -> hostRef.equals(pool.master().ref()));
            Message m = table.get(canonical(called));
            if (m == null) {
                // xapi takes an unknown name with arguments for an extension: the session is checked first
                if (!params.isEmpty()) {
                    session(params.get(0), hostRef, onMaster);
                }
                throw XenApiFailure.of("MESSAGE_METHOD_UNKNOWN", called);
            }
            key = async ? ASYNC + m.name() : m.name();
            if (!m.accepts(params.size())) {
                throw XenApiFailure.of("MESSAGE_PARAMETER_COUNT_MISMATCH", called, m.required(), m.received(params.size()));
            }
            Sessions.Session session = m.session() ? session(params.get(0), hostRef, onMaster) : null;
            if (async && !m.async()) {
                throw XenApiFailure.of("Fault", "No async mode for this operation (rpc: " + called + ")");
            }
            Message.Ctx ctx = new Message.Ctx(pool, session, hostRef, onMaster);
            Args args = new Args(m.params(), m.session() ? params.subList(1, params.size()) : params);
            Supplier<Object> run = () -> {
                if (m.mutating() && faults.fire()) {
                    throw injectedFailure(args);
                }
                return execute(m, ctx, args);
            };
            return async ? tasks.submit(m.name(), run) : run.get();
        } finally {
            stats.record(key, System.nanoTime() - start);
        }
    }

    /** As {@link #call(String, List, String)} at the master's endpoint. */
    Object call(String method, List<Object> params) {
        return call(method, params, db.read(() -> pool.master().ref()));
    }

    /** The caller's session; on a member only a local session of that member passes (else HOST_IS_SLAVE). */
    private Sessions.Session session(Object ref, String hostRef, boolean onMaster) {
        Sessions.Session s = pool.sessions.require(ref, hostRef);
        if (!onMaster && !s.local()) {
            throw XenApiFailure.of("HOST_IS_SLAVE", masterAddress());
        }
        return s;
    }

    private Object execute(Message m, Message.Ctx ctx, Args args) {
        return switch (m.access()) {
            case READ -> db.read(() -> m.handler().handle(ctx, args));
            case WRITE -> db.write(() -> m.handler().handle(ctx, args));
            case OWN -> m.handler().handle(ctx, args);
        };
    }

    /** {@code VLAN_create} is accepted for {@code VLAN.create}. */
    private static String canonical(String method) {
        int underscore = method.indexOf('_');
        return method.indexOf('.') < 0 && underscore > 0
                ? method.substring(0, underscore) + "." + method.substring(underscore + 1) : method;
    }

    /** What a busy object answers: OTHER_OPERATION_IN_PROGRESS on the call's first ref, else INTERNAL_ERROR. */
    private XenApiFailure injectedFailure(Args args) {
        XObject target = args.size() == 0 || !(args.raw(0) instanceof String ref) ? null
                : db.read(() -> db.find(ref).orElse(null));
        return target != null
                ? XenApiFailure.of("OTHER_OPERATION_IN_PROGRESS", target.cls().name(), target.ref())
                : XenApiFailure.of("INTERNAL_ERROR", "xenvlan-sim: injected failure (--fail-rate)");
    }

    /** The database, for tests that watch it. */
    Database database() {
        return db;
    }

    /** The master's address: the HOST_IS_SLAVE parameter. */
    public String masterAddress() {
        return db.read(() -> pool.master().str("address"));
    }

    // ---- administration: direct changes for operators' demos and other modules' tests ----

    /** Adds a host with a PIF per NIC on the pool-wide networks; the first becomes master. */
    public String addHost(String name, String address, List<String> nics) {
        return db.write(() -> builder.addHost(name, address, nics).ref());
    }

    /** Adds a halted guest VM with a mac_seed and a VIF on xenbr0. */
    public String addVm(String name) {
        return db.write(() -> builder.addVm(name).ref());
    }

    /** Adds a template (a halted VM record with is_a_template). */
    public String addTemplate(String name) {
        return db.write(() -> builder.addTemplate(name).ref());
    }

    /** Snapshots a VM: a template record with is_a_snapshot and copies of the VM's VIFs. */
    public String snapshot(String vmRef, String name) {
        return db.write(() -> builder.snapshot(db.get(Schema.VM, vmRef), name).ref());
    }

    /** VM.start (hostRef null: affinity or the first host that fits) or VM.start_on. */
    public void startVm(String vmRef, String hostRef) {
        db.write(() -> {
            VmMessages.start(pool, db.get(Schema.VM, vmRef), hostRef == null ? null : db.get(Schema.HOST, hostRef));
            return null;
        });
    }

    public void stopVm(String vmRef) {
        db.write(() -> {
            VmMessages.shutdown(pool, db.get(Schema.VM, vmRef));
            return null;
        });
    }

    /** network.create with this name label and bridge ("" lets the pool choose xapiN). */
    public String createNetwork(String nameLabel, String bridge) {
        return db.write(() -> NetworkMessages.create(pool, Map.of("name_label", nameLabel,
                "other_config", Map.of(), "bridge", bridge)).ref());
    }

    /** VLAN.create; returns the VLAN ref. */
    public String createVlan(String taggedPif, long tag, String network) {
        return db.write(() -> VlanMessages.create(pool, db.get(Schema.PIF, taggedPif), tag,
                db.get(Schema.NETWORK, network)).ref());
    }

    /** Pretends a VLAN was configured on a host outside xapi: VLAN.create then fails with VLAN_IN_USE. */
    public void addForeignVlan(String hostRef, String device, long tag) {
        db.write(() -> {
            pool.addForeignVlan(db.get(Schema.HOST, hostRef), device, tag);
            return null;
        });
    }

    public boolean expireSession(String sessionRef) {
        return pool.sessions.expire(sessionRef);
    }

    public int expireAllSessions() {
        return pool.sessions.expireAll();
    }

    public List<String> sessions() {
        return pool.sessions.refs();
    }

    /** get_all_records of a class ("PIF", "network", ...): ref to record. */
    public Map<String, Map<String, Object>> records(String className) {
        ClassDef cls = Schema.byName(className)
                .orElseThrow(() -> new IllegalArgumentException("no XenAPI class " + className));
        return db.read(() -> {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            db.all(cls).forEach(o -> out.put(o.ref(), o.record()));
            return out;
        });
    }

    /** The record of any object, or HANDLE_INVALID. */
    public Map<String, Object> record(String ref) {
        return db.read(() -> db.find(ref).orElseThrow(() -> XenApiFailure.of("HANDLE_INVALID", "object", ref)).record());
    }

    public SimulatorStats stats() {
        return stats.snapshot();
    }

    public void resetStats() {
        stats.reset();
    }

    /** Stops the threads of pending Async. tasks (they never complete). */
    @Override
    public void close() {
        tasks.close();
    }
}
