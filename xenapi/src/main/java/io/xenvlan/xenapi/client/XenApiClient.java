package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * xenvlan's XenAPI client for one pool: JSON-RPC 2.0 over the JDK HTTP client. Thread-safe; many
 * threads share one instance per pool. It holds one session, made on first use and reused;
 * after {@code SESSION_INVALID} it logs in again and retries the call once; after
 * {@code HOST_IS_SLAVE} it moves to the master and remembers it. {@link #close()} logs out.
 * Every failure is a {@link XenApiException}.
 */
public final class XenApiClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(XenApiClient.class);
    private static final String LOGIN_API_VERSION = "1.0";

    private final XenApiClientConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonRpcTransport transport;
    private final AtomicReference<String> session = new AtomicReference<>();
    private final PoolMembers members = new PoolMembers();
    private final Object loginLock = new Object();
    private volatile URI master;
    private volatile boolean closed;

    private final PoolApi pools = new PoolApi(this);
    private final NamedClassApi<HostRecord> hosts = new NamedClassApi<>(this, XenType.HOST);
    private final NetworkApi networks = new NetworkApi(this);
    private final PifApi pifs = new PifApi(this);
    private final VlanApi vlans = new VlanApi(this);
    private final VifApi vifs = new VifApi(this);
    private final VmApi vms = new VmApi(this);
    private final EventApi events = new EventApi(this);

    private XenApiClient(XenApiClientConfig config) {
        this.config = config;
        this.master = config.url();
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // Run the client's internal hand-offs on its selector thread instead of a thread
                // pool: it halves the client's CPU per call (measured by XenApiCallBench). Safe
                // because nothing the client runs there blocks (BoundedBody never does).
                .executor(Runnable::run);
        if (!config.plainHttp()) {
            http.sslContext(TlsContexts.forTrust(config.tls()));
        }
        this.transport = new JsonRpcTransport(http.build(), mapper, config.maxReplyBytes(), config.observer());
        warnAboutWeakTransport();
    }

    /** A client for the pool in {@code config}; it logs in lazily, on the first call. */
    public static XenApiClient create(XenApiClientConfig config) {
        return new XenApiClient(config);
    }

    private void warnAboutWeakTransport() {
        if (config.plainHttp() && !isLoopback(config.url().getHost())) {
            log.warn("XenAPI pool {} is reached over plain HTTP: the password and all traffic travel unencrypted",
                    config.url());
        } else if (!config.plainHttp() && config.tls() instanceof TlsTrust.Insecure) {
            log.warn("TLS CERTIFICATE VERIFICATION IS DISABLED for XenAPI pool {} (insecure switch): anyone on the "
                    + "path can impersonate the pool and read the password. Pin the certificate or give a CA file instead.",
                    config.url());
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public PoolApi pools() {
        return pools;
    }

    public NamedClassApi<HostRecord> hosts() {
        return hosts;
    }

    public NetworkApi networks() {
        return networks;
    }

    public PifApi pifs() {
        return pifs;
    }

    public VlanApi vlans() {
        return vlans;
    }

    public VifApi vifs() {
        return vifs;
    }

    public VmApi vms() {
        return vms;
    }

    public EventApi events() {
        return events;
    }

    /** The master's URL as last learned (changes after a HOST_IS_SLAVE redirect). */
    public URI masterUrl() {
        return master;
    }

    /** Logs in now unless a session exists, e.g. to check credentials when a pool is added. */
    public void login() {
        currentSession("session.login_with_password");
    }

    /**
     * Calls any XenAPI message that takes the session first; the session is prepended here, so
     * {@code call("VLAN.get_tag", vlanRef)} sends {@code [session, vlanRef]}. Params: strings,
     * numbers, booleans, refs, maps, collections.
     *
     * @return the JSON result
     * @throws XenApiException the pool's error, or a client-side XENVLAN_* error
     */
    JsonNode call(String method, Object... params) {
        return callWithSession(method, config.requestTimeout(), Arrays.asList(params));
    }

    /** A call that may legitimately block for {@code wait} on the server (event.from). */
    JsonNode callWaiting(String method, Duration wait, Object... params) {
        return callWithSession(method, config.requestTimeout().plus(wait), Arrays.asList(params));
    }

    private JsonNode callWithSession(String method, Duration timeout, List<Object> params) {
        String used = currentSession(method);
        try {
            return transport.call(master, method, withSession(used, params), timeout);
        } catch (XenApiException e) {
            if ("SESSION_INVALID".equals(e.errorCode())) {
                log.info("XenAPI session for {} expired during {}; logging in again", master, method);
            } else if (e.neverSent() && !members.others(master).isEmpty()) {
                log.warn("XenAPI master {} does not answer ({}); looking for the master among the pool's hosts",
                        master, e.errorCode());
            } else if ("HOST_IS_SLAVE".equals(e.errorCode())) {
                moveToMaster(e.param(0));
            } else {
                throw e;
            }
            session.compareAndSet(used, null);
            String fresh = currentSession(method); // may move the master (redirect, failover): read it after
            return transport.call(master, method, withSession(fresh, params), timeout);
        }
    }

    private static List<Object> withSession(String session, List<Object> params) {
        List<Object> all = new ArrayList<>(params.size() + 1);
        all.add(session);
        all.addAll(params);
        return all;
    }

    private String currentSession(String method) {
        if (closed) {
            throw new XenApiException(XenApiException.CLIENT_CLOSED, List.of(method));
        }
        String current = session.get();
        if (current != null) {
            return current;
        }
        synchronized (loginLock) {
            if (closed) { // close() ran while this thread waited: a session made now would never be logged out
                throw new XenApiException(XenApiException.CLIENT_CLOSED, List.of(method));
            }
            current = session.get();
            if (current == null) {
                current = loginFollowingMaster();
                session.set(current);
            }
            return current;
        }
    }

    private String loginFollowingMaster() {
        List<String> visited = new ArrayList<>();
        List<URI> fallbacks = new ArrayList<>(members.others(master));
        int redirects = 0;
        while (true) {
            visited.add(master.toString());
            try {
                String ref = transport.call(master, "session.login_with_password",
                        List.of(config.username(), config.password().reveal(), LOGIN_API_VERSION, config.originator()),
                        config.requestTimeout()).asText();
                log.info("logged in to XenAPI pool at {} as {}", master, config.username());
                learnMembers(ref);
                return ref;
            } catch (XenApiException e) {
                if (e.neverSent() && !fallbacks.isEmpty()) {
                    URI next = fallbacks.remove(0);
                    log.warn("XenAPI host {} does not answer ({}); trying pool host {}", master, e.errorCode(), next);
                    master = next;
                    continue;
                }
                if (!"HOST_IS_SLAVE".equals(e.errorCode())) {
                    throw e;
                }
                if (redirects++ >= config.maxRedirects()) {
                    throw new XenApiException(XenApiException.TOO_MANY_REDIRECTS, visited, e);
                }
                moveToMaster(e.param(0));
            }
        }
    }

    /** Best effort: the hosts' addresses, for finding the master again if it stops answering. */
    private void learnMembers(String sessionRef) {
        try {
            members.learn(master, transport.call(master, "host.get_all_records", List.of(sessionRef), config.requestTimeout()));
        } catch (XenApiException e) {
            log.debug("cannot list the pool's hosts at {}: {}", master, e.getMessage());
        }
    }

    private void moveToMaster(String address) {
        URI previous = master;
        master = MasterAddress.resolve(previous, address);
        log.info("XenAPI host {} is a pool member; following HOST_IS_SLAVE to the master at {}", previous, master);
    }

    /** Logs the session out (best effort) and refuses further calls. */
    @Override
    public void close() {
        closed = true;
        String current;
        synchronized (loginLock) {
            current = session.getAndSet(null);
        }
        if (current == null) {
            return;
        }
        try {
            transport.call(master, "session.logout", List.of(current), config.requestTimeout());
            log.info("logged out of XenAPI pool at {}", master);
        } catch (XenApiException e) {
            log.warn("logout from XenAPI pool at {} failed: {}", master, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "XenApiClient[" + master + " as " + config.username() + "]";
    }
}
