package io.xenvlan.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The process's meters, exposed as Prometheus text at {@code /metrics}. Names (Prometheus form):
 * {@code xenvlan_allocations_total}, {@code xenvlan_failures_total{operation,code}},
 * {@code xenvlan_xenapi_calls_total{method,error}}, {@code xenvlan_xenapi_call_seconds{method}} (each XenAPI request sent),
 * {@code xenvlan_compute_operations_total{operation,error}}, {@code xenvlan_compute_operation_seconds{operation}},
 * {@code xenvlan_dnsmasq_reloads_total}, {@code xenvlan_netnode_checks_total{outcome}},
 * {@code xenvlan_netnode_repairs_total{kind}}, {@code xenvlan_network_free_addresses{network,vlan}},
 * {@code xenvlan_http_requests_seconds{method,route,status}}.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> beforeScrape = new ArrayList<>();
    /** The counted suppliers: Micrometer's function counters hold them weakly only, and a collected one reads 0. */
    private final List<Object> counted = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before every scrape (gauges read from the database, say). */
    synchronized void beforeScrape(Runnable refresh) {
        beforeScrape.add(refresh);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        List<Runnable> hooks;
        synchronized (this) {
            hooks = List.copyOf(beforeScrape);
        }
        hooks.forEach(Runnable::run);
        return registry.scrape();
    }

    void allocation() {
        Counter.builder("xenvlan.allocations").description("addresses allocated").register(registry).increment();
    }

    /** One failed operation, by xenvlan error code ({@code exhausted}, {@code conflict} ...). */
    public void failure(String operation, String code) {
        Counter.builder("xenvlan.failures").description("failed operations by error code")
                .tag("operation", operation).tag("code", code).register(registry).increment();
    }

    /**
     * One XenAPI request sent to a pool ({@code VLAN.create}, {@code session.login_with_password} ...);
     * {@code error} is the XenAPI error code, the client's {@code XENVLAN_*} code or {@code none}.
     * Fits {@code XenApiCallObserver}, so pool clients feed it directly.
     */
    public void xenApiCall(String method, String error, Duration took) {
        Counter.builder("xenvlan.xenapi.calls").description("XenAPI requests by method and error")
                .tag("method", method).tag("error", error).register(registry).increment();
        Timer.builder("xenvlan.xenapi.call").description("XenAPI request latency").tag("method", method)
                .publishPercentileHistogram().register(registry).record(took);
    }

    /**
     * One compute operation ({@code ensureVlanNetwork}, {@code attachVif} ...), each made of several
     * XenAPI requests; {@code error} is the failure's XenAPI or xenvlan error code or {@code none}.
     */
    void computeOperation(String operation, String error, Duration took) {
        Counter.builder("xenvlan.compute.operations").description("compute operations by operation and error")
                .tag("operation", operation).tag("error", error).register(registry).increment();
        Timer.builder("xenvlan.compute.operation").description("compute operation latency").tag("operation", operation)
                .publishPercentileHistogram().register(registry).record(took);
    }

    /**
     * The network node's dnsmasq counters, read at each scrape: {@code xenvlan_dnsmasq_reloads_total},
     * {@code xenvlan_dnsmasq_additions_total}, {@code xenvlan_dnsmasq_restarts_total}, {@code xenvlan_dnsmasq_releases_total}, {@code xenvlan_dnsmasq_written_bytes_total}.
     */
    public void dnsmasq(LongSupplier reloads, LongSupplier additions, LongSupplier restarts, LongSupplier releases,
                        LongSupplier bytesWritten) {
        counted.addAll(List.of(reloads, additions, restarts, releases, bytesWritten));
        FunctionCounter.builder("xenvlan.dnsmasq.reloads", reloads, LongSupplier::getAsLong)
                .description("dnsmasq reloads (SIGHUP) after coalesced changes").register(registry);
        FunctionCounter.builder("xenvlan.dnsmasq.additions", additions, LongSupplier::getAsLong)
                .description("files of added entries dnsmasq read from its hosts directory without a reload").register(registry);
        FunctionCounter.builder("xenvlan.dnsmasq.restarts", restarts, LongSupplier::getAsLong)
                .description("dnsmasq processes restarted after dying").register(registry);
        FunctionCounter.builder("xenvlan.dnsmasq.releases", releases, LongSupplier::getAsLong)
                .description("dhcp_release calls for deallocated addresses").register(registry);
        FunctionCounter.builder("xenvlan.dnsmasq.written", bytesWritten, LongSupplier::getAsLong).baseUnit("bytes")
                .description("bytes of dnsmasq files written").register(registry);
    }

    /** The metadata service's requests by outcome, read at each scrape: {@code xenvlan_metadata_requests_total{outcome}}. */
    public void metadata(Map<String, LongSupplier> byOutcome) {
        byOutcome.forEach((outcome, count) -> FunctionCounter.builder("xenvlan.metadata.requests", count, LongSupplier::getAsLong)
                .tag("outcome", outcome).description("metadata requests: served, refused (404), limited (429)").register(registry));
    }

    /**
     * The network node's self-check counters, read at each scrape: {@code xenvlan_netnode_checks_total{outcome}}
     * (runs by outcome: clean, repaired, failed) and {@code xenvlan_netnode_repairs_total{kind}} (findings put right,
     * by kind: leg_missing, address_missing, dnsmasq_down ...).
     */
    public void netnodeChecks(Map<String, LongSupplier> runsByOutcome, Map<String, LongSupplier> repairsByKind) {
        counted.addAll(runsByOutcome.values());
        counted.addAll(repairsByKind.values());
        runsByOutcome.forEach((outcome, count) -> FunctionCounter.builder("xenvlan.netnode.checks", count, LongSupplier::getAsLong)
                .description("network node self-check runs by outcome").tag("outcome", outcome).register(registry));
        repairsByKind.forEach((kind, count) -> FunctionCounter.builder("xenvlan.netnode.repairs", count, LongSupplier::getAsLong)
                .description("faults the network node's self-check put right, by kind").tag("kind", kind).register(registry));
    }

    public void httpRequest(String method, String route, int status, Duration took) {
        Timer.builder("xenvlan.http.requests").description("API request latency")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().register(registry).record(took);
    }
}
