package io.xenvlan.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's meters, exposed as Prometheus text at {@code /metrics}. Names (Prometheus form):
 * {@code xenvlan_allocations_total}, {@code xenvlan_failures_total{operation,code}},
 * {@code xenvlan_xenapi_calls_total{method,error}}, {@code xenvlan_xenapi_call_seconds},
 * {@code xenvlan_dnsmasq_reloads_total}, {@code xenvlan_network_free_addresses{network,vlan}},
 * {@code xenvlan_http_requests_seconds{method,route,status}}.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Runnable> beforeScrape = new ArrayList<>();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresh} before every scrape (gauges read from the database, say). */
    public synchronized void beforeScrape(Runnable refresh) {
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

    public void allocation() {
        Counter.builder("xenvlan.allocations").description("addresses allocated").register(registry).increment();
    }

    /** One failed operation, by xenvlan error code ({@code exhausted}, {@code conflict} ...). */
    public void failure(String operation, String code) {
        Counter.builder("xenvlan.failures").description("failed operations by error code")
                .tag("operation", operation).tag("code", code).register(registry).increment();
    }

    /** One XenAPI call, {@code error} is the XenAPI error code or {@code none}. */
    public void xenApiCall(String method, String error, Duration took) {
        Counter.builder("xenvlan.xenapi.calls").description("XenAPI calls by method and error")
                .tag("method", method).tag("error", error).register(registry).increment();
        Timer.builder("xenvlan.xenapi.call").description("XenAPI call latency").tag("method", method)
                .publishPercentileHistogram().register(registry).record(took);
    }

    public void httpRequest(String method, String route, int status, Duration took) {
        Timer.builder("xenvlan.http.requests").description("API request latency")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().register(registry).record(took);
    }
}
