package io.xenvlan.server;

import io.xenvlan.core.concurrent.Closer;
import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.server.api.ApiServer;
import io.xenvlan.server.api.ApiServices;
import io.xenvlan.server.compute.PeriodicAudit;
import io.xenvlan.server.compute.StartupRecovery;
import io.xenvlan.server.config.Role;
import io.xenvlan.server.config.ServerConfig;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.local.LocalEndpoint;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.store.JdbcStore;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code xenvlan server}: the store, then each configured role. {@link #close()} stops
 * the roles in reverse order (the API first drains its in-flight requests), then the store.
 */
public final class ServerRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);

    /** Starts a role other than the API (the network node) on the open store; what it returns is closed at shutdown. */
    @FunctionalInterface
    public interface RoleStarter {
        AutoCloseable start(ServerConfig config, JdbcStore store, ServerMetrics metrics);
    }

    private final JdbcStore store;
    /** The roles and what they opened, stopped last-started first. */
    private final Closer running = new Closer("server");
    private final ServerMetrics metrics;
    private ApiServer api;

    private ServerRuntime(JdbcStore store, ServerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * Opens the store and starts the roles.
     * @throws io.xenvlan.core.error.XenvlanException when the store or a role cannot start (everything started is stopped)
     */
    public static ServerRuntime start(ServerConfig config, Map<String, String> env, Optional<RoleStarter> netnode) {
        JdbcStore store = openStore(config, env);
        ServerRuntime runtime = new ServerRuntime(store, new ServerMetrics());
        try {
            if (config.has(Role.NETNODE)) {
                RoleStarter starter = netnode.orElseThrow(() -> new io.xenvlan.core.error.InvalidInputException("roles", "available",
                        "roles: the netnode role is not available in this build; use --roles api"));
                runtime.running.add(starter.start(config, store, runtime.metrics));
                LOG.info("network node role started");
            }
            ApiServices services = null;
            if (config.has(Role.API)) {
                services = runtime.services(store, config);
                runtime.api = startApi(services, config);
                runtime.running.add(runtime.api);
            }
            if (config.database().url().isEmpty()) {
                // this process holds the embedded store: other commands come in through it, whatever its roles
                if (services == null) {
                    services = runtime.services(store, config);
                }
                runtime.running.add(LocalEndpoint.start(config.stateDir(), store, services, config.http(), Clock.systemUTC()));
            }
            if (services != null) {
                runtime.startAudit(services, config); // the process that runs operations finishes the interrupted ones
            }
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** The configured store, or the state directory's embedded one once no other process has it (this process then holds it). */
    private static JdbcStore openStore(ServerConfig config, Map<String, String> env) {
        return config.database().configured(env).map(JdbcStore::open).orElseGet(() -> StoreTurn.open(config.stateDir(),
                StateDirs.storeWait(env), config.database().poolSize()));
    }

    /** The API's services over the store; what they open is closed at shutdown. */
    private ApiServices services(JdbcStore store, ServerConfig config) {
        return ServiceWiring.api(store, metrics, Clock.systemUTC(), config.stateDir().resolve("pool-secrets"), running,
                config.vifDhcpWait(), config.floating());
    }

    /** Recovery of interrupted operations at start, then the periodic audit (when configured). */
    private void startAudit(ApiServices services, ServerConfig config) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("xenvlan-pool-audit"));
        running.add(scheduler::shutdownNow);
        new StartupRecovery(services.compute().attachments(), services.compute().pools()).atStart(scheduler);
        if (config.audit().enabled()) {
            running.add(new PeriodicAudit(services.compute().audit(), services.compute().pools(), metrics.registry(),
                    config.audit().repair(), Clock.systemUTC()).every(config.audit().interval(), scheduler));
        }
    }

    /** The API, or one line when its port is taken (instead of the HTTP server's stack trace). */
    private static ApiServer startApi(ApiServices services, ServerConfig config) {
        try {
            return ApiServer.start(services, config.http());
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) {
                    throw new io.xenvlan.core.error.InvalidInputException("http.listen", "free",
                            "http.listen: cannot listen on " + config.http().host() + ":" + config.http().port() + ": "
                                    + io.xenvlan.core.error.Causes.describe(t) + " (another xenvlan server, or another program?);"
                                    + " choose another with --listen HOST:PORT");
                }
            }
            throw e;
        }
    }

    /** The API's port (the configured one, or the one picked for port 0). */
    public Optional<Integer> apiPort() {
        return Optional.ofNullable(api).map(ApiServer::port);
    }

    JdbcStore store() {
        return store;
    }

    ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public synchronized void close() {
        running.close();
        store.close();
        LOG.info("server stopped");
    }
}
