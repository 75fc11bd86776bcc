package io.xenvlan.server.client;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.server.cli.FloatingBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The floating commands' work done by a running server through {@code /v1/floating-ips}, {@code -pools} and {@code -rules}. */
public final class RemoteFloatingBackend implements FloatingBackend {
    private final ApiClient api;

    public RemoteFloatingBackend(ApiClient api) {
        this.api = api;
    }

    @Override
    public PoolUsage createPool(String pool, String range, Optional<String> iface) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pool", pool);
        body.put("range", range);
        iface.ifPresent(i -> body.put("interface", i));
        return FloatingRecords.pool(api.post("/v1/floating-pools", body));
    }

    @Override
    public List<PoolUsage> pools() {
        return api.all("/v1/floating-pools").stream().map(FloatingRecords::pool).toList();
    }

    @Override
    public FloatingPool deletePool(String pool) {
        return FloatingRecords.pool(api.delete("/v1/floating-pools/" + ApiClient.encode(pool))).pool();
    }

    @Override
    public FloatingIp allocate(String project, Optional<String> pool) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        pool.ifPresent(p -> body.put("pool", p));
        return FloatingRecords.floatingIp(api.post("/v1/floating-ips", body));
    }

    @Override
    public List<FloatingIp> list(Optional<String> pool, Optional<String> project) {
        StringBuilder q = new StringBuilder("/v1/floating-ips?");
        pool.ifPresent(p -> q.append("pool=").append(ApiClient.encode(p)).append('&'));
        project.ifPresent(p -> q.append("project=").append(ApiClient.encode(p)).append('&'));
        return api.all(q.substring(0, q.length() - 1)).stream().map(FloatingRecords::floatingIp).toList();
    }

    @Override
    public Associated associate(String address, Optional<String> vm, Optional<String> fixedAddress) {
        Map<String, Object> body = new LinkedHashMap<>();
        vm.ifPresent(v -> body.put("vm", v));
        fixedAddress.ifPresent(f -> body.put("fixed_address", f));
        return FloatingRecords.associated(api.post(path(address) + "/associate", body));
    }

    @Override
    public FloatingIp disassociate(String address) {
        return FloatingRecords.floatingIp(api.post(path(address) + "/disassociate", Map.of()));
    }

    @Override
    public FloatingIp release(String address) {
        return FloatingRecords.floatingIp(api.delete(path(address)));
    }

    private static String path(String address) {
        return "/v1/floating-ips/" + ApiClient.encode(address);
    }

    @Override
    public IngressRule addRule(String project, String protocol, Optional<String> port, Optional<String> from) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project);
        body.put("protocol", protocol);
        port.ifPresent(p -> body.put("port", p));
        from.ifPresent(f -> body.put("from", f));
        return FloatingRecords.rule(api.post("/v1/floating-rules", body));
    }

    @Override
    public List<IngressRule> rules(Optional<String> project) {
        return api.all("/v1/floating-rules" + project.map(p -> "?project=" + ApiClient.encode(p)).orElse("")).stream()
                .map(FloatingRecords::rule).toList();
    }

    @Override
    public IngressRule deleteRule(long id) {
        return FloatingRecords.rule(api.delete("/v1/floating-rules/" + id));
    }

    @Override
    public void close() {
        api.close();
    }
}
