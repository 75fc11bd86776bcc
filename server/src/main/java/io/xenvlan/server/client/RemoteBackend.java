package io.xenvlan.server.client;

import static io.xenvlan.server.client.ApiAnswers.items;
import static io.xenvlan.server.client.ApiAnswers.read;
import static io.xenvlan.server.client.ApiAnswers.readAll;

import com.fasterxml.jackson.databind.JsonNode;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.guest.SshPublicKey;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.server.body.AddressBody;
import io.xenvlan.server.body.AttachBody;
import io.xenvlan.server.body.DrainBody;
import io.xenvlan.server.body.HandoverBody;
import io.xenvlan.server.body.NetworkBody;
import io.xenvlan.server.body.PoolBody;
import io.xenvlan.server.body.ProjectNetworkBody;
import io.xenvlan.server.cli.Backend;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.hypervisor.Drift;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.server.render.AllocationView;
import io.xenvlan.server.render.AttachedVifView;
import io.xenvlan.server.render.AuditView;
import io.xenvlan.server.render.ComputeViews;
import io.xenvlan.server.render.DetachmentView;
import io.xenvlan.server.render.DriftView;
import io.xenvlan.server.render.FixedIpView;
import io.xenvlan.server.render.HostView;
import io.xenvlan.server.render.NetworkView;
import io.xenvlan.server.render.NodeView;
import io.xenvlan.server.render.NodesView;
import io.xenvlan.server.render.PoolView;
import io.xenvlan.server.render.UserDataView;
import io.xenvlan.server.render.VifDetailView;
import io.xenvlan.server.render.VifView;
import io.xenvlan.server.render.VmView;
import java.util.UUID;

/** The commands' work done by a running server through its REST API ({@code --server URL}). */
public final class RemoteBackend implements Backend {
    private final ApiClient api;

    public RemoteBackend(ApiClient api) {
        this.api = api;
    }

    /** The client underneath, for calls the Backend interface has no method for. */
    public ApiClient api() {
        return api;
    }

    @Override
    public List<NetworkView> createNetworks(NetworkRequest r) {
        return createNetworks(r, false);
    }

    @Override
    public List<NetworkView> createNetworks(NetworkRequest r, boolean autoFloating) {
        NetworkBody body = new NetworkBody(r.label(), r.cidr(), r.numNetworks(), r.networkSize(), r.vlanStart(), r.vlan().orElse(null),
                r.bridge().orElse(null), r.bridgeInterface(), r.gateway().orElse(null), r.dns1().orElse(null), r.dns2().orElse(null), r.mtu(),
                r.project().orElse(null), autoFloating ? Boolean.TRUE : null, r.dnsDomain().orElse(null));
        return withoutUsage(items(api.post("/v1/networks", body), NetworkView.class));
    }

    /** The networks as the CLI prints them: the API's answer without its address usage. */
    private static List<NetworkView> withoutUsage(List<NetworkView> networks) {
        return networks.stream().map(NetworkView::withoutUsage).toList();
    }

    private static NetworkView network(JsonNode n) {
        return read(n, NetworkView.class).withoutUsage();
    }

    @Override
    public List<NetworkView> networks() {
        return withoutUsage(readAll(api.all("/v1/networks"), NetworkView.class));
    }

    @Override
    public NetworkView network(String ref) {
        return network(api.get("/v1/networks/" + ApiClient.encode(ref)));
    }

    @Override
    public NetworkView deleteNetwork(String ref) {
        return network(api.delete("/v1/networks/" + ApiClient.encode(ref)));
    }

    @Override
    public NetworkView associate(String project, Optional<String> networkRef) {
        return network(api.put("/v1/projects/" + ApiClient.encode(project) + "/network", new ProjectNetworkBody(networkRef.orElse(null))));
    }

    @Override
    public NetworkView disassociate(String project) {
        return network(api.delete("/v1/projects/" + ApiClient.encode(project) + "/network"));
    }

    @Override
    public AllocationView allocate(String project, String instance, Optional<String> address) {
        return read(api.post("/v1/addresses", new AddressBody(project, instance, address.orElse(null))), AllocationView.class);
    }

    @Override
    public FixedIpView release(String address) {
        return read(api.delete("/v1/addresses/" + ApiClient.encode(address)), FixedIpView.class);
    }

    @Override
    public List<FixedIpView> releaseInstance(String instance) {
        return items(api.delete("/v1/instances/" + ApiClient.encode(instance) + "/addresses"), FixedIpView.class);
    }

    @Override
    public List<FixedIpView> addresses(Optional<String> networkRef, Optional<String> project, boolean all) {
        StringBuilder q = new StringBuilder("/v1/addresses?all=").append(all);
        networkRef.ifPresent(n -> q.append("&network=").append(ApiClient.encode(n)));
        project.ifPresent(p -> q.append("&project=").append(ApiClient.encode(p)));
        return readAll(api.all(q.toString()), FixedIpView.class);
    }

    @Override
    public PoolView addPool(PoolSettings pool, boolean verify) {
        PoolBody body = new PoolBody(pool.name().value(), pool.url().toString(), pool.username(), pool.password().describe(),
                pool.vifDriver().wireName(), pool.integrationNetwork().orElse(null),
                pool.tls().mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), pool.tls().value().orElse(null), verify);
        return read(api.post("/v1/pools", body), PoolView.class);
    }

    @Override
    public List<PoolView> pools(boolean hosts) {
        return readAll(api.all("/v1/pools" + (hosts ? "?hosts=true" : "")), PoolView.class);
    }

    @Override
    public List<HostView> poolHosts(String pool) {
        return readAll(api.all("/v1/pools/" + ApiClient.encode(pool) + "/hosts"), HostView.class);
    }

    @Override
    public List<VmView> poolVms(String pool) {
        return readAll(api.all("/v1/pools/" + ApiClient.encode(pool) + "/vms"), VmView.class);
    }

    @Override
    public PoolView removePool(String name) {
        return read(api.delete("/v1/pools/" + ApiClient.encode(name)), PoolView.class);
    }

    @Override
    public AttachedVifView attach(String project, String pool, String vm, OptionalLong rateKbps, int nic, GuestRequest guest) {
        AttachBody body = new AttachBody(project, pool, vm, rateKbps.isPresent() ? rateKbps.getAsLong() : null, nic,
                guest.hostname().map(h -> h.value()).orElse(null),
                guest.publicKeys().isEmpty() ? null : guest.publicKeys().stream().map(SshPublicKey::line).toList(),
                guest.userData().map(u -> Base64.getEncoder().encodeToString(u.bytes())).orElse(null));
        return read(api.post("/v1/vifs", body), AttachedVifView.class);
    }

    @Override
    public VifDetailView vif(UUID vif) {
        return read(api.get("/v1/vifs/" + vif), VifDetailView.class);
    }

    @Override
    public byte[] userData(UUID vif) {
        return Base64.getDecoder().decode(read(api.get("/v1/vifs/" + vif + "/user-data"), UserDataView.class).userData());
    }

    @Override
    public DetachmentView detach(String pool, String vm) {
        return read(api.delete("/v1/pools/" + ApiClient.encode(pool) + "/vms/" + ApiClient.encode(vm) + "/vifs"), DetachmentView.class);
    }

    @Override
    public List<VifView> vifs(Optional<String> pool, Optional<String> vm, Optional<String> project) {
        StringBuilder q = new StringBuilder("/v1/vifs?x=1");
        pool.ifPresent(p -> q.append("&pool=").append(ApiClient.encode(p)));
        vm.ifPresent(v -> q.append("&vm=").append(ApiClient.encode(v)));
        project.ifPresent(p -> q.append("&project=").append(ApiClient.encode(p)));
        return readAll(api.all(q.toString()), VifView.class);
    }

    @Override
    public List<DriftView> audit(Optional<String> pool, boolean repair) {
        List<String> names = pool.isPresent() ? List.of(pool.get())
                : pools(false).stream().map(PoolView::name).toList();
        List<DriftView> drift = new ArrayList<>();
        for (String name : names) {
            String path = "/v1/pools/" + ApiClient.encode(name) + "/audit";
            try {
                JsonNode reply = repair ? api.post(path + "/repair", Map.of()) : api.get(path);
                drift.addAll(read(reply, AuditView.class).items());
            } catch (BackendFailureException e) {
                if (pool.isPresent() || "api".equals(e.backend())) {
                    throw e; // the pool asked for, or the server itself, failed
                }
                drift.add(ComputeViews.drift(Drift.unreachable(PoolName.of(name), e.getMessage())));
            }
        }
        return drift;
    }

    /** {@code GET /v1/nodes}. */
    public NodesView nodes() {
        return read(api.get("/v1/nodes"), NodesView.class);
    }

    /** {@code POST /v1/nodes/{node}/drain}: the node as it is now. */
    public NodeView drain(String node, boolean draining) {
        return read(api.post("/v1/nodes/" + ApiClient.encode(node) + "/drain", new DrainBody(draining)), NodeView.class);
    }

    /** {@code POST /v1/networks/{network}/handover}. */
    public void handover(String network, String node) {
        api.post("/v1/networks/" + ApiClient.encode(network) + "/handover", new HandoverBody(node));
    }

    @Override
    public void close() {
        api.close();
    }
}
