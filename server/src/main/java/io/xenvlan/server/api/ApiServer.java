package io.xenvlan.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.xenvlan.core.concurrent.DaemonThreads;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.error.XenvlanException;
import io.xenvlan.server.ErrorMapping;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.config.HttpConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The REST API (JSON under {@code /v1}), {@code /healthz}, {@code /metrics} and the dashboard at
 * {@code /}, on Javalin. Handlers are thin: parse, call one service method, render. Every error
 * leaves through {@link ErrorMapping} as {@code {code, message, details}}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String ENTERED = "xenvlan.entered";
    private static final Duration FLUSH_TIME = Duration.ofSeconds(2);
    private static final Duration IDLE_AT_SHUTDOWN = Duration.ofMillis(50);
    /** Jetty counts a few bytes of framing per chunk of a body it holds; the exact limit is checked when the body is parsed. */
    private static final int BODY_FRAMING_ALLOWANCE = 16 * 1024;
    /** How much of a body declared over the limit is read (and thrown away) to answer 413 on a connection that stays usable. */
    private static final long MAX_DRAINED_BYTES = 1024 * 1024;

    /** A registered endpoint (method and path as Javalin spells it, e.g. {@code /v1/networks/{network}}). */
    record Route(String method, String path) {}

    private final Javalin app;
    private final HttpConfig http;
    private final InFlight inFlight = new InFlight();
    private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());
    private volatile Server jetty;
    private final ConnectionGuard guard;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("xenvlan-api-read-deadlines"));

    private ApiServer(ApiServices services, HttpConfig http, Consumer<RoutesConfig> extraRoutes) {
        this(services, http, extraRoutes, null);
    }

    /**
     * {@code connector}: the one connector to listen on, made from Jetty's server and HTTP configuration;
     * null for the TCP (or TLS) connector of {@code http.host():http.port()}. Either gets the {@link ConnectionGuard}.
     */
    private ApiServer(ApiServices services, HttpConfig http, Consumer<RoutesConfig> extraRoutes,
                      BiFunction<Server, HttpConfiguration, Connector> connector) {
        this.http = http;
        this.guard = new ConnectionGuard(http.maxConnectionsPerClient(), http.readTimeout());
        BiFunction<Server, HttpConfiguration, Connector> listening = connector != null ? connector : (server, plain) -> tcpConnector(server, plain, http);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = http.maxBodyBytes();
            config.jetty.modifyServer(server -> {
                jetty = server;
                server.setErrorHandler(new JsonErrorHandler());
                // bodies are read without a thread, and within the read timeout, before the (blocking) handlers run
                server.insertHandler(new EagerContentHandler(new EagerContentHandler.RetainedContentLoaderFactory(
                        http.maxBodyBytes() + BODY_FRAMING_ALLOWANCE, -1, true)));
                // a body declared too large is read to its end before the 413, so the client gets to see it
                server.insertHandler(new OversizeBodyDrain(http.maxBodyBytes(), Math.max(MAX_DRAINED_BYTES, 4L * http.maxBodyBytes())));
                server.insertHandler(new ReadDeadlineHandler(null, http.readTimeout(), guard));
            });
            // Jetty refuses ambiguous paths (encoded separators, dot segments, %00) itself: no handler has to guess their meaning
            config.jetty.modifyHttpConfiguration(h -> h.setUriCompliance(UriCompliance.DEFAULT));
            config.jetty.addConnector((server, httpConfiguration) -> guarded(listening.apply(server, httpConfiguration)));
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.events.handlerAdded(info -> {
                if (info.getHttpMethod() != HandlerType.BEFORE && info.getHttpMethod() != HandlerType.AFTER) {
                    routes.add(new Route(info.getHttpMethod().name(), info.getPath()));
                }
            });
            if (http.dashboard()) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = "/dashboard";
                    files.location = Location.CLASSPATH;
                });
            }
            config.requestLogger.http((ctx, millis) -> finished(services, ctx, millis));
            config.routes.before(this::started);
            config.routes.before("/v1/*", ctx -> authenticate(services, ctx));
            config.routes.exception(Exception.class, (e, ctx) -> failed(services, e, ctx));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> failed(services, translate(e, ctx), ctx));
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    render(ctx, new NotFoundException("route", ctx.method() + " " + ctx.path()));
                }
            });
            new Endpoints(services, http).register(config.routes);
            extraRoutes.accept(config.routes);
        });
    }

    private static ServerConnector tcpConnector(Server server, HttpConfiguration plain, HttpConfig http) {
        ServerConnector connector = http.tls().map(files -> TlsConnector.create(server, plain, files))
                .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(plain)));
        connector.setHost(http.host());
        connector.setPort(http.port());
        return connector;
    }

    private Connector guarded(Connector connector) {
        connector.addBean(guard);
        return connector;
    }

    /** Starts the API on {@code http.host():http.port()} (port 0: a free one). */
    public static ApiServer start(ApiServices services, HttpConfig http) {
        return start(services, http, app -> { });
    }

    /** As {@link #start(ApiServices, HttpConfig)} with extra routes (tests add slow ones). */
    static ApiServer start(ApiServices services, HttpConfig http, Consumer<RoutesConfig> extraRoutes) {
        ApiServer server = new ApiServer(services, http, extraRoutes).startServing();
        LOG.info("API listening on {}://{}:{}", http.scheme(), http.host(), server.port());
        return server;
    }

    /**
     * The same API, with the same limits and deadlines, on a Unix domain socket only: no TCP port and
     * no TLS (the local endpoint of the process holding the embedded store), with {@code extraRoutes};
     * {@code http} gives the limits, its address and certificate are not used.
     */
    public static ApiServer startOnUnixSocket(ApiServices services, HttpConfig http, Path socket, Consumer<RoutesConfig> extraRoutes) {
        return new ApiServer(services, http, extraRoutes, (jetty, plain) -> {
            UnixDomainServerConnector connector = new UnixDomainServerConnector(jetty, new HttpConnectionFactory(plain));
            connector.setUnixDomainPath(socket);
            return connector;
        }).startServing();
    }

    private ApiServer startServing() {
        app.start();
        sweeper.scheduleWithFixedDelay(() -> guard.sweep(System.nanoTime()), ConnectionGuard.SWEEP.toMillis(),
                ConnectionGuard.SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every endpoint registered, for the OpenAPI document's test. */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    private void started(Context ctx) {
        MDC.put(RequestIds.MDC_KEY, RequestIds.assign(ctx, ResponseHeaders.apply(ctx.header(RequestIds.HEADER), ctx::header)));
        if (!inFlight.enter()) {
            ctx.header("Connection", "close");
            throw new ServiceUnavailable();
        }
        ctx.attribute(ENTERED, Boolean.TRUE);
    }

    private static void authenticate(ApiServices services, Context ctx) {
        if (ctx.path().equals("/v1/openapi.json")) {
            return;
        }
        Principal p = services.authenticator().authenticate(Optional.ofNullable(ctx.header("Authorization")));
        ctx.attribute(Scope.PRINCIPAL, p);
    }

    private void finished(ApiServices services, Context ctx, float millis) {
        try {
            MDC.put(RequestIds.MDC_KEY, RequestIds.of(ctx));
            services.metrics().httpRequest(ctx.method().name(), route(ctx),
                    ctx.statusCode(), Duration.ofNanos((long) (millis * 1_000_000)));
            Principal p = ctx.attribute(Scope.PRINCIPAL);
            LOG.info("{} {} -> {} in {} ms ({})", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", millis),
                    p == null ? "anonymous" : p.describe());
        } finally {
            if (Boolean.TRUE.equals(ctx.attribute(ENTERED))) {
                inFlight.leave();
            }
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
        } catch (IllegalStateException noEndpoint) {
            return "unmatched";
        }
    }

    private static Exception translate(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> new NotFoundException("route", ctx.method() + " " + ctx.path());
            case 413 -> JsonBodies.tooLarge(Integer.MAX_VALUE);
            default -> e.getStatus() >= 400 && e.getStatus() < 500
                    ? new InvalidInputException("request", "http-" + e.getStatus(), "request: " + e.getMessage()) : e;
        };
    }

    private static void failed(ApiServices services, Exception e, Context ctx) {
        if (e instanceof ServiceUnavailable) {
            ctx.status(503).json(Map.of("code", "unavailable", "message", "the server is shutting down", "details", Map.of()));
            return;
        }
        if (e instanceof XenvlanException x) {
            services.metrics().failure("api", x.code());
            LOG.info("request failed: {} {}", x.code(), x.getMessage());
        } else {
            services.metrics().failure("api", "internal");
            LOG.error("request failed with an internal error", e);
        }
        render(ctx, e);
    }

    private static void render(Context ctx, Exception e) {
        ctx.status(ErrorMapping.httpStatus(e)).json(ErrorMapping.body(e));
    }

    /** Stops taking requests, lets the ones in flight finish (up to the grace period), then stops. */
    @Override
    public void close() {
        boolean drained = false;
        try {
            drained = inFlight.drain(http.shutdownGrace(), Clock.systemUTC());
            if (!drained) {
                LOG.warn("stopping with {} request(s) still in flight after {}", inFlight.count(), http.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (jetty != null) {
            // the handlers are done: Jetty's graceful stop only lets their responses flush, and a
            // connection idle that long (a client's keep-alive) is closed at once instead of after Jetty's 1 s
            jetty.setStopTimeout(drained ? FLUSH_TIME.toMillis() : 1);
            for (Connector c : jetty.getConnectors()) {
                if (c instanceof AbstractConnector a) {
                    a.setShutdownIdleTimeout(IDLE_AT_SHUTDOWN.toMillis());
                }
            }
        }
        sweeper.shutdownNow();
        try {
            app.stop();
        } catch (RuntimeException e) {
            LOG.warn("requests cut at shutdown: {}", e.toString());
        }
    }

    /** Thrown for requests arriving while the server drains. */
    private static final class ServiceUnavailable extends RuntimeException {
        ServiceUnavailable() {
            super("draining", null, false, false);
        }
    }
}
