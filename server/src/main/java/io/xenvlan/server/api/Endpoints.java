package io.xenvlan.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.xenvlan.server.config.HttpConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one list of endpoints; {@code /v1/openapi.json} documents each (a test keeps them in sync). */
final class Endpoints {
    private final ApiServices services;
    private final HttpConfig http;
    private final byte[] openApi;

    Endpoints(ApiServices services, HttpConfig http) {
        this.services = services;
        this.http = http;
        this.openApi = resource("/api/openapi.json");
    }

    void register(RoutesConfig app) {
        int max = http.maxBodyBytes();
        NetworkRoutes networks = new NetworkRoutes(services, max);
        ProjectRoutes projects = new ProjectRoutes(services, max);
        AddressRoutes addresses = new AddressRoutes(services, max);
        PoolRoutes pools = new PoolRoutes(services, max);
        VifRoutes vifs = new VifRoutes(services, max);
        FloatingRoutes floating = new FloatingRoutes(services, max);

        app.get("/healthz", this::health);
        app.get("/metrics", this::metrics);
        app.get("/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        app.post("/v1/networks", networks::create);
        app.get("/v1/networks", networks::list);
        app.get("/v1/networks/{network}", networks::show);
        app.delete("/v1/networks/{network}", networks::delete);
        app.post("/v1/networks/{network}/handover", networks::handover);
        app.get("/v1/nodes", networks::nodes);
        app.post("/v1/nodes/{node}/drain", networks::drain);

        app.get("/v1/projects/{project}/network", projects::show);
        app.put("/v1/projects/{project}/network", projects::associate);
        app.delete("/v1/projects/{project}/network", projects::disassociate);

        app.get("/v1/addresses", addresses::list);
        app.post("/v1/addresses", addresses::allocate);
        app.delete("/v1/addresses/{address}", addresses::release);
        app.delete("/v1/instances/{instance}/addresses", addresses::releaseInstance);
        app.get("/v1/leases", addresses::leases);

        app.post("/v1/pools", pools::add);
        app.get("/v1/pools", pools::list);
        app.get("/v1/pools/{pool}", pools::show);
        app.delete("/v1/pools/{pool}", pools::remove);
        app.get("/v1/pools/{pool}/audit", pools::audit);
        app.post("/v1/pools/{pool}/audit/repair", pools::repair);
        app.get("/v1/pools/{pool}/hosts", pools::hosts);
        app.get("/v1/pools/{pool}/vms", pools::vms);

        app.post("/v1/vifs", vifs::attach);
        app.get("/v1/vifs", vifs::list);
        app.get("/v1/vifs/{vif}", vifs::show);
        app.get("/v1/vifs/{vif}/user-data", vifs::userData);
        app.delete("/v1/pools/{pool}/vms/{vm}/vifs", vifs::detach);

        app.post("/v1/floating-pools", floating::createPool);
        app.get("/v1/floating-pools", floating::pools);
        app.delete("/v1/floating-pools/{pool}", floating::deletePool);
        app.post("/v1/floating-ips", floating::allocate);
        app.get("/v1/floating-ips", floating::list);
        app.get("/v1/floating-ips/{fip}", floating::show);
        app.delete("/v1/floating-ips/{fip}", floating::release);
        app.post("/v1/floating-ips/{fip}/associate", floating::associate);
        app.post("/v1/floating-ips/{fip}/disassociate", floating::disassociate);
        app.post("/v1/floating-rules", floating::addRule);
        app.get("/v1/floating-rules", floating::rules);
        app.delete("/v1/floating-rules/{rule}", floating::deleteRule);
    }

    private void health(Context ctx) {
        boolean ok = services.health().healthy();
        ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "ok" : "unavailable"));
    }

    private void metrics(Context ctx) {
        if (!http.metricsPublic()) {
            services.authenticator().authenticate(java.util.Optional.ofNullable(ctx.header("Authorization"))).requireAdmin();
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(services.metrics().scrape());
    }

    private static byte[] resource(String name) {
        try (InputStream in = Endpoints.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
