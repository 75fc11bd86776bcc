package io.xenvlan.server.api;

import io.xenvlan.server.body.DrainBody;
import io.xenvlan.server.body.HandoverBody;
import io.xenvlan.server.body.JsonBodies;
import io.xenvlan.server.body.NetworkBody;
import io.javalin.http.Context;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.netnode.NodeStatus;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.network.Network;
import io.xenvlan.server.auth.Principal;
import io.xenvlan.server.metrics.AddressUsage;
import io.xenvlan.server.render.Items;
import io.xenvlan.server.render.NodeNetworkView;
import io.xenvlan.server.render.NodeView;
import io.xenvlan.server.render.NodesView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** {@code /v1/networks}: bulk create (admin), list with paging and filters, show, delete (admin). */
final class NetworkRoutes {
    private final ApiServices services;
    private final int maxBodyBytes;

    NetworkRoutes(ApiServices services, int maxBodyBytes) {
        this.services = services;
        this.maxBodyBytes = maxBodyBytes;
    }

    void create(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        NetworkBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), NetworkBody.class);
        NetworkRequest request = new NetworkRequest(required("label", b.label()), required("cidr", b.cidr()),
                Optional.ofNullable(b.numNetworks()).orElse(NetworkRequest.DEFAULT_NUM_NETWORKS),
                Optional.ofNullable(b.networkSize()).orElse(NetworkRequest.DEFAULT_NETWORK_SIZE),
                Optional.ofNullable(b.vlanStart()).orElse(NetworkRequest.DEFAULT_VLAN_START), Optional.ofNullable(b.vlan()),
                Optional.ofNullable(b.bridge()), Optional.ofNullable(b.bridgeInterface()).orElse(NetworkRequest.DEFAULT_BRIDGE_INTERFACE),
                Optional.ofNullable(b.gateway()), Optional.ofNullable(b.dns1()), Optional.ofNullable(b.dns2()),
                Optional.ofNullable(b.mtu()).orElse(NetworkRequest.DEFAULT_MTU), Optional.ofNullable(b.project()),
                Optional.ofNullable(b.dnsDomain()));
        List<Network> created = services.floating().createNetworks(services.manager(), request,
                Boolean.TRUE.equals(b.autoFloating()));
        Map<Long, AddressUsage> usage = services.usage().all();
        ctx.status(201).json(new Items<>(created.stream().map(n -> ApiViews.network(n, usage.get(n.id()))).toList()));
    }

    void list(Context ctx) {
        Principal p = Scope.principal(ctx);
        Paging paging = Paging.of(ctx);
        Predicate<Network> filter = p::sees;
        Optional<String> project = Query.string(ctx, "project").map(x -> io.xenvlan.core.value.ProjectId.of(x).value());
        Optional<Integer> vlan = Query.string(ctx, "vlan").map(v -> Query.integer(ctx, "vlan", 0, 1, 4094));
        Optional<String> label = Query.string(ctx, "label");
        Optional<Boolean> assigned = Query.bool(ctx, "assigned");
        filter = filter.and(n -> project.isEmpty() || n.project().map(x -> x.value().equals(project.get())).orElse(false));
        filter = filter.and(n -> vlan.isEmpty() || n.vlan().value() == vlan.get());
        filter = filter.and(n -> label.isEmpty() || n.label().value().equals(label.get()));
        filter = filter.and(n -> assigned.isEmpty() || n.project().isPresent() == assigned.get());
        List<Network> matching = services.manager().networks().stream().filter(filter).toList();
        Map<Long, AddressUsage> usage = matching.isEmpty() ? Map.of() : services.usage().all();
        ctx.json(paging.page(matching, n -> ApiViews.network(n, usage.get(n.id()))));
    }

    void show(Context ctx) {
        Network n = Scope.network(ctx, services.manager(), ctx.pathParam("network"));
        ctx.json(ApiViews.network(n, services.usage().all().get(n.id())));
    }

    void delete(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        Network n = services.manager().deleteNetwork(ctx.pathParam("network"));
        ctx.json(ApiViews.network(n, null));
    }

    /** The body of {@code POST /v1/networks/{network}/handover}: the node that serves it from now on. */
    void handover(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        HandoverBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), HandoverBody.class);
        Network n = services.manager().network(ctx.pathParam("network"));
        services.handover().handOver(n.id(), required("node", b.node()));
        ctx.json(ApiViews.network(services.manager().network(Long.toString(n.id())), null));
    }

    /**
     * Which network node serves which network, and how far each network's confirmed publication
     * trails the store's change sequence (a node that is gone stops confirming; see handover).
     */
    void nodes(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        long current = services.nodes().changeSequence();
        Map<String, List<NodeNetworkView>> byNode = new java.util.TreeMap<>();
        List<NodeNetworkView> unclaimed = new java.util.ArrayList<>();
        for (Network n : services.manager().networks()) {
            if (n.project().isEmpty()) {
                continue;
            }
            NodeNetworkView m = new NodeNetworkView(n.id(), n.label().value(), n.vlan().value(), n.project().get().value(),
                    services.nodes().publishedSequence(n.id()));
            n.host().ifPresentOrElse(h -> byNode.computeIfAbsent(h, k -> new java.util.ArrayList<>()).add(m), () -> unclaimed.add(m));
        }
        Map<String, NodeStatus> leased = new java.util.HashMap<>();
        services.nodes().nodes().forEach(st -> {
            leased.put(st.name(), st);
            byNode.computeIfAbsent(st.name(), k -> new java.util.ArrayList<>());
        });
        List<NodeView> nodes = byNode.entrySet().stream().map(e -> NodeView.of(e.getKey(), leased.get(e.getKey()), e.getValue())).toList();
        ctx.json(new NodesView(current, nodes, unclaimed));
    }

    private static final java.util.regex.Pattern NODE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    /** Marks a node draining: it stops serving its networks and gives them up for the other nodes to take. */
    void drain(Context ctx) {
        Scope.principal(ctx).requireAdmin();
        DrainBody b = JsonBodies.parse(Bodies.read(ctx, maxBodyBytes), DrainBody.class);
        String node = ctx.pathParam("node");
        if (!NODE_NAME.matcher(node).matches()) {
            throw new InvalidInputException("node", "node-name", "node: must be 1-64 of A-Z a-z 0-9 _ . -, starting with a letter, digit or _");
        }
        boolean draining = b.draining() == null || b.draining();
        if (!services.nodes().drainNode(node, draining)) {
            throw new NotFoundException("node", node);
        }
        NodeStatus st = services.nodes().nodes().stream().filter(n -> n.name().equals(node)).findFirst()
                .orElseThrow(() -> new NotFoundException("node", node));
        ctx.json(NodeView.of(node, st, st.networks().stream().map(NodeNetworkView::idOnly).toList()));
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, "required", field + ": is required");
        }
        return value;
    }
}
