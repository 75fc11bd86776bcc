package io.xenvlan.server.api;

import io.xenvlan.core.floating.FloatingIps;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.port.NetworkNodeStore;
import io.xenvlan.server.auth.Authenticator;
import io.xenvlan.server.compute.ComputeServices;
import io.xenvlan.server.metrics.AddressUsageQuery;
import io.xenvlan.server.metrics.ServerMetrics;
import java.util.Objects;

/** What the REST handlers call: the VLAN manager, authentication, metrics, usage counts, the health check, node handover, floating IPs. */
public record ApiServices(VlanManager manager, Authenticator authenticator, ServerMetrics metrics, AddressUsageQuery usage,
                          HealthCheck health, NodeHandover handover, ComputeServices compute,
                          NetworkNodeStore nodes, FloatingIps floating) {
    public ApiServices {
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(handover, "handover");
        Objects.requireNonNull(compute, "compute");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(floating, "floating");
    }
}

