package io.xenvlan.core.manager;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.ipam.NetworkLayout;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.NetworkCarver;
import io.xenvlan.core.port.NewNetwork;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * nova-manage's network create, validated: the request's own rules are checked on construction
 * (before the store is touched), the clashes with existing networks in {@link #carve}.
 */
final class NetworkCarving implements NetworkCarver {
    static final int MAX_NETWORK_SIZE = 1 << 16;
    static final long MAX_TOTAL_ADDRESSES = 1 << 20;
    static final int MIN_MTU = 576;
    static final int MAX_MTU = 9216;

    private final NetworkRequest request;
    private final NetworkLabel label;
    private final Cidr range;
    private final InterfaceName bridgeInterface;
    private final Optional<Ipv4Address> gateway;
    private final Optional<Ipv4Address> dns1;
    private final Optional<Ipv4Address> dns2;
    private final Optional<DnsDomain> dnsDomain;
    private final Optional<VlanTag> vlan;
    private final Optional<BridgeName> bridge;
    private final Optional<ProjectId> project;

    NetworkCarving(NetworkRequest r) {
        this.request = r;
        this.label = NetworkLabel.of(r.label());
        this.range = Cidr.parse("cidr", r.cidr());
        int count = r.numNetworks();
        int size = r.networkSize();
        if (count < 1 || count > VlanTag.MAX) {
            throw new InvalidInputException("num-networks", "range", "num-networks: must be between 1 and 4094, got " + count);
        }
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new InvalidInputException("network-size", "power-of-two", "network-size: must be a power of two, got " + size);
        }
        if (size < NetworkLayout.MIN_SIZE) {
            throw new InvalidInputException("network-size", "min-size", "network-size: must be at least "
                    + NetworkLayout.MIN_SIZE + " (prefix /29; a /30 or smaller leaves no address besides network, gateway, "
                    + "DHCP server and broadcast), got " + size);
        }
        if (size > MAX_NETWORK_SIZE) {
            throw new InvalidInputException("network-size", "max-size", "network-size: must be at most " + MAX_NETWORK_SIZE + " (a /16), got " + size);
        }
        if ((long) count * size > range.size()) {
            throw new InvalidInputException("num-networks", "fits-range", "num-networks: " + count + " networks of " + size
                    + " addresses need " + (long) count * size + " addresses but " + range + " holds " + range.size());
        }
        if ((long) count * size > MAX_TOTAL_ADDRESSES) {
            throw new InvalidInputException("num-networks", "max-addresses", "num-networks: at most " + MAX_TOTAL_ADDRESSES
                    + " addresses per create, asked for " + (long) count * size);
        }
        if (r.vlanStart() < VlanTag.MIN || r.vlanStart() > VlanTag.MAX) {
            throw new InvalidInputException("vlan-start", "range", "vlan-start: must be between 1 and 4094, got " + r.vlanStart());
        }
        this.vlan = r.vlan().map(v -> VlanTag.of(v));
        this.bridge = r.bridge().map(b -> new BridgeName(InterfaceName.of("bridge", b).value()));
        this.gateway = r.gateway().map(g -> Ipv4Address.parse("gateway", g));
        singleNetworkOnly("vlan", vlan.isPresent());
        singleNetworkOnly("bridge", bridge.isPresent());
        singleNetworkOnly("gateway", gateway.isPresent());
        singleNetworkOnly("project", r.project().isPresent());
        this.bridgeInterface = InterfaceName.of("bridge-interface", r.bridgeInterface());
        this.dns1 = r.dns1().map(d -> Ipv4Address.parse("dns1", d));
        this.dns2 = r.dns2().map(d -> Ipv4Address.parse("dns2", d));
        this.dnsDomain = r.dnsDomain().map(DnsDomain::parse);
        if (r.mtu() < MIN_MTU || r.mtu() > MAX_MTU) {
            throw new InvalidInputException("mtu", "range", "mtu: must be between " + MIN_MTU + " and " + MAX_MTU + ", got " + r.mtu());
        }
        this.project = r.project().map(ProjectId::of);
        for (int i = 0; i < count; i++) {
            NetworkLayout.of(range.subnet(i, size), gateway);
            labelOf(i);
        }
    }

    private void singleNetworkOnly(String field, boolean given) {
        if (given && request.numNetworks() != 1) {
            throw new InvalidInputException(field, "single-network", field + ": can only be given when num-networks is 1");
        }
    }

    private NetworkLabel labelOf(int index) {
        return request.numNetworks() == 1 ? label : NetworkLabel.of(label.value() + "_" + (index + 1));
    }

    @Override
    public List<NewNetwork> carve(List<Network> existing) {
        Set<VlanTag> usedVlans = existing.stream().map(Network::vlan).collect(Collectors.toSet());
        Set<String> usedBridges = existing.stream().map(n -> n.bridge().value()).collect(Collectors.toSet());
        Set<String> usedLabels = existing.stream().map(n -> n.label().value()).collect(Collectors.toSet());
        for (Network n : existing) {
            if (n.cidr().overlaps(range)) {
                throw conflict("cidr", "no-overlap", "cidr: " + range + " overlaps network '" + n.label() + "' (" + n.cidr() + ")");
            }
            if (project.isPresent() && project.equals(n.project())) {
                throw conflict("project", "one-network", "project: " + project.get() + " already has network '" + n.label() + "'");
            }
        }
        vlan.filter(usedVlans::contains).ifPresent(v -> {
            throw conflict("vlan", "unique", "vlan: " + v + " is already used by another network");
        });
        List<NewNetwork> planned = new ArrayList<>();
        int nextVlan = request.vlanStart();
        for (int i = 0; i < request.numNetworks(); i++) {
            VlanTag tag;
            if (vlan.isPresent()) {
                tag = vlan.get();
            } else {
                while (nextVlan <= VlanTag.MAX && usedVlans.contains(new VlanTag(nextVlan))) {
                    nextVlan++;
                }
                if (nextVlan > VlanTag.MAX) {
                    throw new ExhaustedException("vlan-start: not enough free VLANs between " + request.vlanStart()
                            + " and 4094 for " + request.numNetworks() + " networks",
                            Map.of("field", "vlan-start", "rule", "free-vlans"));
                }
                tag = new VlanTag(nextVlan++);
            }
            BridgeName bridgeName = bridge.orElse(BridgeName.forVlan(tag));
            NetworkLabel networkLabel = labelOf(i);
            if (usedBridges.contains(bridgeName.value())) {
                throw conflict("bridge", "unique", "bridge: " + bridgeName + " is already used by another network");
            }
            if (usedLabels.contains(networkLabel.value())) {
                throw conflict("label", "unique", "label: a network labelled '" + networkLabel + "' already exists");
            }
            NetworkLayout layout = NetworkLayout.of(range.subnet(i, request.networkSize()), gateway);
            planned.add(new NewNetwork(networkLabel, layout, dns1, dns2, dnsDomain, tag, bridgeName, bridgeInterface, request.mtu(), project));
        }
        return planned;
    }

    private static ConflictException conflict(String field, String rule, String message) {
        return new ConflictException(message, Map.of("field", field, "rule", rule));
    }
}
