package io.xenvlan.sim;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.xenvlan.sim.xapi.Xapi;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running simulated XenServer / XCP-ng pool, speaking XML-RPC and JSON-RPC over HTTP with
 * xapi's semantics. {@link #start} builds the pool of the configuration and opens the master's
 * endpoint and one endpoint per member host, which answers every call with HOST_IS_SLAVE.
 *
 * <p>Member endpoints: when the master binds a 127.x.y.z address, member number i answers on
 * the loopback address i further on, same port, and the host's {@code address} is that bare
 * IP, so a client that swaps the host name of its URL for the HOST_IS_SLAVE address (as xapi
 * clients do) reaches the master. Elsewhere members answer on ports of their own and the
 * addresses carry the port ({@code 192.0.2.7:9364}).
 *
 * <p>The admin methods change the pool directly, with the same semantics and
 * {@link XenApiFailure}s as the XenAPI calls, for demos and other modules' tests.
 */
public final class PoolSimulator implements AutoCloseable {
    static {
        // The JDK's HTTP server writes a response's headers and body in two writes; without
        // TCP_NODELAY, Nagle's algorithm meets the client's delayed ACK and every call waits
        // ~40 ms. The server reads this property once, when its classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final Xapi xapi;
    private final ExecutorService executor;
    private final boolean loopbackAliases;
    private final InetAddress bind;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<SimHost> hosts = new ArrayList<>();
    private int port;
    private boolean stopped;

    private PoolSimulator(SimulatorConfig config, boolean allowLoopbackAliases) throws IOException {
        this.config = config;
        this.xapi = new Xapi(config);
        this.bind = InetAddress.getByName(config.bindAddress());
        this.loopbackAliases = allowLoopbackAliases && bind instanceof Inet4Address && bind.isLoopbackAddress()
                && canBind(alias(1));
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(config.threads(), config.threads(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "xenvlan-sim-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
    }

    /** The templates every simulated pool has, as an installed XCP-ng has its built-in ones. */
    static final List<String> TEMPLATES = List.of("Other install media", "Debian Bookworm 12");

    /**
     * Starts a pool: hosts (the first is master), their PIFs and networks, Running VMs, the
     * {@link #TEMPLATES} and a snapshot of the first VM (with copies of its VIFs, same MACs).
     *
     * @throws IOException when an endpoint cannot be bound (port in use)
     */
    public static PoolSimulator start(SimulatorConfig config) throws IOException {
        return start(config, true);
    }

    /** As {@link #start(SimulatorConfig)}; with {@code allowLoopbackAliases} false members always get ports. */
    static PoolSimulator start(SimulatorConfig config, boolean allowLoopbackAliases) throws IOException {
        PoolSimulator sim = new PoolSimulator(config, allowLoopbackAliases);
        try {
            for (int i = 0; i < config.hosts(); i++) {
                sim.addHost("host" + (i + 1));
            }
            List<String> vms = new ArrayList<>();
            for (int i = 0; i < config.vms(); i++) {
                String vm = sim.xapi.addVm("vm" + (i + 1));
                sim.xapi.startVm(vm, sim.hosts.get(i % sim.hosts.size()).ref());
                vms.add(vm);
            }
            // what a real pool's VM table holds besides guests: templates, and a snapshot
            for (String template : TEMPLATES) {
                sim.xapi.addTemplate(template);
            }
            if (!vms.isEmpty()) {
                sim.xapi.snapshot(vms.get(0), "vm1 before upgrade");
            }
        } catch (IOException | RuntimeException e) {
            sim.stop();
            throw e;
        }
        return sim;
    }

    /**
     * Adds a host to the pool with a PIF per configured NIC on the existing pool-wide networks
     * (and, like a real host joining later, no VLAN PIFs) and opens its endpoint.
     */
    public synchronized SimHost addHost(String name) throws IOException {
        int index = hosts.size();
        HttpServer server;
        String address;
        if (index == 0) {
            server = listen(new InetSocketAddress(bind, config.port()));
            port = server.getAddress().getPort();
            address = loopbackAliases ? ip(bind) : hostPort(visible(bind), port);
        } else if (loopbackAliases) {
            server = listen(new InetSocketAddress(alias(index), port));
            address = ip(alias(index));
        } else {
            server = listen(new InetSocketAddress(bind, config.port() == 0 ? 0 : config.port() + index));
            address = hostPort(visible(bind), server.getAddress().getPort());
        }
        String ref;
        try {
            ref = xapi.addHost(name, address, config.nics());
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
        server.createContext("/", new RpcHttpHandler(xapi, ref, config.latency(), config.maxBodyBytes()));
        server.setExecutor(executor);
        server.start();
        servers.add(server);
        Map<String, Object> rec = xapi.record(ref);
        InetSocketAddress at = server.getAddress();
        String scheme = config.tls().isPresent() ? "https" : "http";
        URI url = URI.create(scheme + "://" + hostPort(visible(at.getAddress()), at.getPort()) + "/");
        SimHost host = new SimHost(ref, (String) rec.get("uuid"), name, address, url, index == 0);
        hosts.add(host);
        return host;
    }

    private HttpServer listen(InetSocketAddress at) throws IOException {
        if (config.tls().isEmpty()) {
            return HttpServer.create(at, 128);
        }
        HttpsServer https = HttpsServer.create(at, 128);
        https.setHttpsConfigurator(new HttpsConfigurator(config.tls().get()));
        return https;
    }

    private InetAddress alias(int index) {
        byte[] b = bind.getAddress();
        int last = (b[3] & 0xff) + index;
        b[2] = (byte) ((b[2] & 0xff) + last / 256);
        b[3] = (byte) (last % 256);
        try {
            return InetAddress.getByAddress(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean canBind(InetAddress address) {
        try (ServerSocket s = new ServerSocket(0, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static InetAddress visible(InetAddress a) {
        return a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a;
    }

    private static String ip(InetAddress a) {
        return a.getHostAddress();
    }

    /** {@code 192.0.2.7:9363}, or {@code [::1]:9363} for IPv6. */
    static String hostPort(InetAddress a, int port) {
        return (a instanceof Inet4Address ? ip(a) : "[" + ip(a) + "]") + ":" + port;
    }

    /** The master's XML-RPC URL ({@code http://127.0.0.1:9363/}, https with TLS configured). */
    public URI url() {
        return master().url();
    }

    /** The master's JSON-RPC URL ({@code http://127.0.0.1:9363/jsonrpc}). */
    public URI jsonRpcUrl() {
        return url().resolve("/jsonrpc");
    }

    /** {@code GET} it for the call statistics as JSON. */
    public URI statsUrl() {
        return url().resolve("/stats");
    }

    public synchronized SimHost master() {
        return hosts.get(0);
    }

    /** All hosts, master first. */
    public synchronized List<SimHost> hosts() {
        return List.copyOf(hosts);
    }

    /** The XML-RPC URL of a host's own endpoint (a member answers HOST_IS_SLAVE). */
    synchronized URI memberUrl(String hostRef) {
        return hosts.stream().filter(h -> h.ref().equals(hostRef)).findFirst()
                .orElseThrow(() -> XenApiFailure.of("HANDLE_INVALID", "host", hostRef)).url();
    }

    /** The master's address as HOST_IS_SLAVE reports it. */
    public String masterAddress() {
        return xapi.masterAddress();
    }

    /** Adds a halted guest VM (with a mac_seed and a VIF on xenbr0); returns its ref. */
    public String addVm(String name) {
        return xapi.addVm(name);
    }

    /** Starts a VM on a host, or with {@code hostRef} null wherever its networks allow. */
    public void startVm(String vmRef, String hostRef) {
        xapi.startVm(vmRef, hostRef);
    }

    public void stopVm(String vmRef) {
        xapi.stopVm(vmRef);
    }

    /** network.create; an empty bridge lets the pool choose {@code xapiN}. Returns the ref. */
    public String createNetwork(String nameLabel, String bridge) {
        return xapi.createNetwork(nameLabel, bridge);
    }

    /** VLAN.create on a PIF; returns the VLAN ref. */
    public String createVlan(String taggedPifRef, long tag, String networkRef) {
        return xapi.createVlan(taggedPifRef, tag, networkRef);
    }

    /** Marks a VLAN as configured on a host outside xapi: VLAN.create then fails with VLAN_IN_USE. */
    void addForeignVlan(String hostRef, String device, long tag) {
        xapi.addForeignVlan(hostRef, device, tag);
    }

    /** Ends a session as if it had expired: its next use fails with SESSION_INVALID. */
    boolean expireSession(String sessionRef) {
        return xapi.expireSession(sessionRef);
    }

    public int expireAllSessions() {
        return xapi.expireAllSessions();
    }

    /** Refs of the live sessions. */
    public List<String> sessions() {
        return xapi.sessions();
    }

    /** Every object of a class ("PIF", "network", "VLAN", "VIF", "VM", "host", "pool", "task"). */
    public Map<String, Map<String, Object>> records(String className) {
        return xapi.records(className);
    }

    /**
     * The guest VMs (ref to record): neither control domains nor templates (snapshots are
     * templates too), running or halted, in the order they were added.
     */
    public Map<String, Map<String, Object>> guests() {
        Map<String, Map<String, Object>> guests = new LinkedHashMap<>();
        records("VM").forEach((ref, vm) -> {
            if (!Boolean.TRUE.equals(vm.get("is_control_domain")) && !Boolean.TRUE.equals(vm.get("is_a_template"))) {
                guests.put(ref, vm);
            }
        });
        return guests;
    }

    /** One object's record. */
    public Map<String, Object> record(String ref) {
        return xapi.record(ref);
    }

    public SimulatorStats stats() {
        return xapi.stats();
    }

    public void resetStats() {
        xapi.resetStats();
    }

    /** Closes every endpoint, stops the worker threads and tells the data plane; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        servers.forEach(s -> s.stop(0));
        servers.clear();
        executor.shutdownNow();
        xapi.close();
        config.dataPlane().poolStopped();
    }

    @Override
    public void close() {
        stop();
    }
}
