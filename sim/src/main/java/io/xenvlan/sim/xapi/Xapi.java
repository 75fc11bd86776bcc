package io.xenvlan.sim.xapi;

import io.xenvlan.sim.DataPlane;
import io.xenvlan.sim.SimulatorStats;
import io.xenvlan.sim.XenApiFailure;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The simulated xapi of one pool, independent of any wire protocol: {@link #call} takes a
 * method name and decoded arguments and returns the decoded result or throws
 * {@link XenApiFailure}. Dispatch follows xapi: unknown method, then (on a member host)
 * HOST_IS_SLAVE, then parameter count, then the session, then the message itself.
 */
public final class Xapi {
    private static final String UNKNOWN = "(unknown)";

    private final Map<String, Message> table = new HashMap<>();
    private final Database db;
    private final SimPool pool;
    private final PoolBuilder builder;
    private final Faults faults;
    private final CallStats stats = new CallStats();

    /**
     * @param user      the one account's user name
     * @param password  its password
     * @param seed      makes uuids, MACs and injected failures reproducible
     * @param failRate  the fraction of mutating calls that fail (0..1)
     * @param clock     time for task and event timestamps
     * @param dataPlane told about plugs, unplugs and VM lifecycle
     */
    public Xapi(String user, String password, long seed, double failRate, Clock clock, DataPlane dataPlane) {
        this.db = new Database(seed);
        this.pool = new SimPool(db, clock, new Sessions(user, password), dataPlane);
        this.builder = new PoolBuilder(pool, seed);
        this.faults = new Faults(failRate, seed);
        for (ClassDef cls : Schema.ALL) {
            ObjectMessages.register(cls, this::add);
        }
        SessionMessages.register(this::add);
        NetworkMessages.register(this::add);
        VlanMessages.register(this::add);
        PifMessages.register(this::add);
        VifMessages.register(this::add);
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
     * @param method   as sent: {@code VLAN.create}, {@code VLAN_create} or {@code Async.VLAN.create}
     * @param params   decoded wire arguments, the session ref first where the message takes one
     * @param onMaster false when the call arrived at a member host's endpoint
     * @throws XenApiFailure with the error code and parameters the client must see
     */
    public Object call(String method, List<Object> params, boolean onMaster) {
        long start = System.nanoTime();
        String key = UNKNOWN;
        try {
            boolean async = method.startsWith("Async.");
            Message m = table.get(canonical(async ? method.substring("Async.".length()) : method));
            if (m == null) {
                throw XenApiFailure.of("MESSAGE_METHOD_UNKNOWN", method);
            }
            key = async ? "Async." + m.name() : m.name();
            if (!onMaster) {
                throw XenApiFailure.of("HOST_IS_SLAVE", masterAddress());
            }
            if (params.size() < m.minArity() || params.size() > m.maxArity()) {
                throw XenApiFailure.of("MESSAGE_PARAMETER_COUNT_MISMATCH", method, m.maxArity(), params.size());
            }
            Sessions.Session session = m.session() ? pool.sessions.require(params.get(0)) : null;
            List<Object> rest = m.session() ? params.subList(1, params.size()) : params;
            if (m.mutating() && faults.fire()) {
                throw injectedFailure(rest);
            }
            Message.Ctx ctx = new Message.Ctx(pool, session);
            Args args = new Args(m.params(), rest);
            Supplier<Object> run = () -> execute(m, ctx, args);
            return async ? TaskMessages.run(pool, m.name(), run) : run.get();
        } finally {
            stats.record(key, System.nanoTime() - start);
        }
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
    private XenApiFailure injectedFailure(List<Object> args) {
        XObject target = args.isEmpty() || !(args.get(0) instanceof String ref) ? null
                : db.read(() -> db.find(ref).orElse(null));
        return target != null
                ? XenApiFailure.of("OTHER_OPERATION_IN_PROGRESS", target.cls().name(), target.ref())
                : XenApiFailure.of("INTERNAL_ERROR", "xenvlan-sim: injected failure (--fail-rate)");
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
}
