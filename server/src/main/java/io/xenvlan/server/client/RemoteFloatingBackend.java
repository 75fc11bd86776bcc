package io.xenvlan.server.client;

import static io.xenvlan.server.client.ApiAnswers.read;
import static io.xenvlan.server.client.ApiAnswers.readAll;

import io.xenvlan.server.body.AssociateBody;
import io.xenvlan.server.body.FloatingIpBody;
import io.xenvlan.server.body.FloatingPoolBody;
import io.xenvlan.server.body.RuleBody;
import io.xenvlan.server.cli.FloatingBackend;
import io.xenvlan.server.render.AssociatedView;
import io.xenvlan.server.render.FloatingIpView;
import io.xenvlan.server.render.FloatingPoolView;
import io.xenvlan.server.render.IngressRuleView;
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
    public FloatingPoolView createPool(String pool, String range, Optional<String> iface) {
        return read(api.post("/v1/floating-pools", new FloatingPoolBody(pool, range, iface.orElse(null))), FloatingPoolView.class);
    }

    @Override
    public List<FloatingPoolView> pools() {
        return readAll(api.all("/v1/floating-pools"), FloatingPoolView.class);
    }

    @Override
    public FloatingPoolView deletePool(String pool) {
        return read(api.delete("/v1/floating-pools/" + ApiClient.encode(pool)), FloatingPoolView.class);
    }

    @Override
    public FloatingIpView allocate(String project, Optional<String> pool) {
        return read(api.post("/v1/floating-ips", new FloatingIpBody(project, pool.orElse(null))), FloatingIpView.class);
    }

    @Override
    public List<FloatingIpView> list(Optional<String> pool, Optional<String> project) {
        StringBuilder q = new StringBuilder("/v1/floating-ips?");
        pool.ifPresent(p -> q.append("pool=").append(ApiClient.encode(p)).append('&'));
        project.ifPresent(p -> q.append("project=").append(ApiClient.encode(p)).append('&'));
        return readAll(api.all(q.substring(0, q.length() - 1)), FloatingIpView.class);
    }

    @Override
    public AssociatedView associate(String address, Optional<String> vm, Optional<String> fixedAddress) {
        return read(api.post(path(address) + "/associate", new AssociateBody(vm.orElse(null), fixedAddress.orElse(null))),
                AssociatedView.class);
    }

    @Override
    public FloatingIpView disassociate(String address) {
        return read(api.post(path(address) + "/disassociate", Map.of()), FloatingIpView.class);
    }

    @Override
    public FloatingIpView release(String address) {
        return read(api.delete(path(address)), FloatingIpView.class);
    }

    private static String path(String address) {
        return "/v1/floating-ips/" + ApiClient.encode(address);
    }

    @Override
    public IngressRuleView addRule(String project, String protocol, Optional<String> port, Optional<String> from) {
        return read(api.post("/v1/floating-rules", new RuleBody(project, protocol, port.orElse(null), from.orElse(null))),
                IngressRuleView.class);
    }

    @Override
    public List<IngressRuleView> rules(Optional<String> project) {
        return readAll(api.all("/v1/floating-rules" + project.map(p -> "?project=" + ApiClient.encode(p)).orElse("")),
                IngressRuleView.class);
    }

    @Override
    public IngressRuleView deleteRule(long id) {
        return read(api.delete("/v1/floating-rules/" + id), IngressRuleView.class);
    }

    @Override
    public void close() {
        api.close();
    }
}
