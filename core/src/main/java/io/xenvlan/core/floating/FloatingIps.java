package io.xenvlan.core.floating;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.port.FloatingStore;
import io.xenvlan.core.port.NetworkStore;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.ProjectId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The floating IP use case, nova's {@code floating create} and {@code os-floating-ips}: pools,
 * allocation under a per-project quota, association with a VM's fixed address (moved when it was
 * elsewhere), release, ingress rules, and auto-assignment on attach. Validates every input before
 * the store is touched; concurrency control lives in the store. Thread-safe.
 */
public final class FloatingIps {
    private final FloatingStore store;
    private final NetworkStore networks;
    private final FloatingConfig config;

    public FloatingIps(FloatingStore store, NetworkStore networks, FloatingConfig config) {
        this.store = Objects.requireNonNull(store, "store");
        this.networks = Objects.requireNonNull(networks, "networks");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * {@code floating create}.
     * @throws InvalidInputException naming {@code range}, {@code pool} or {@code interface}
     * @throws io.xenvlan.core.error.ConflictException on overlap with a network or a pool, or a taken name
     */
    public PoolUsage createPool(String name, String range, Optional<String> iface) {
        return store.createPool(FloatingPool.parse(name, range, iface));
    }

    public List<PoolUsage> pools() {
        return store.pools();
    }

    /** @throws io.xenvlan.core.error.ConflictException while projects hold addresses of it */
    public FloatingPool deletePool(String name) {
        return store.deletePool(FloatingPoolName.of(name));
    }

    /** @throws io.xenvlan.core.error.ExhaustedException quota reached or no free address */
    public FloatingIp allocate(String project, Optional<String> pool) {
        return store.allocate(ProjectId.of(project), pool.map(FloatingPoolName::of), config.quota());
    }

    public List<FloatingIp> list(Optional<String> pool, Optional<String> project) {
        return store.floatingIps(new FloatingFilter(pool.map(FloatingPoolName::of), project.map(ProjectId::of)));
    }

    /** @throws NotFoundException when no project holds the address */
    public FloatingIp show(String address) {
        Ipv4Address a = Ipv4Address.parse("address", address);
        return store.floatingIp(a).orElseThrow(() -> new NotFoundException("floating-ip", a.toString()));
    }

    /**
     * {@code floating associate}: a VM's address or a fixed address; a floating IP associated
     * elsewhere moves (the result says from where).
     *
     * @throws NotFoundException no such floating IP, VM or address
     * @throws io.xenvlan.core.error.ForbiddenException the target belongs to another project
     */
    public Associated associate(String floatingIp, AssociationTarget target) {
        Ipv4Address fip = Ipv4Address.parse("address", floatingIp);
        Ipv4Address fixed = target instanceof AssociationTarget.FixedAddress f ? f.address()
                : addressOf(((AssociationTarget.Vm) target).vm());
        return store.associate(fip, fixed);
    }

    /** The target of {@code --vm}: its one xenvlan address. */
    private Ipv4Address addressOf(InstanceId vm) {
        List<Ipv4Address> held = networks.addresses(new AddressFilter(Optional.empty(), Optional.empty(), Optional.of(vm), true))
                .stream().filter(FixedIp::allocated).map(FixedIp::address).toList();
        if (held.isEmpty()) {
            throw new NotFoundException("vm", vm.value());
        }
        if (held.size() > 1) {
            throw new InvalidInputException("vm", "one-address", "vm: " + vm + " holds " + held.size() + " addresses ("
                    + held.stream().map(Object::toString).collect(Collectors.joining(", ")) + "); name one with fixed_address");
        }
        return held.get(0);
    }

    /** Parses the target of an association as given: exactly one of a VM uuid and a fixed address. */
    public static AssociationTarget target(Optional<String> vm, Optional<String> fixedAddress) {
        if (vm.isPresent() == fixedAddress.isPresent()) {
            throw new InvalidInputException("vm", "one-of", vm.isPresent() ? "vm: give either a VM or a fixed address, not both"
                    : "vm: give a VM or a fixed address to associate with");
        }
        return vm.<AssociationTarget>map(v -> new AssociationTarget.Vm(InstanceId.of(v)))
                .orElseGet(() -> new AssociationTarget.FixedAddress(Ipv4Address.parse("fixed_address", fixedAddress.get())));
    }

    public FloatingIp disassociate(String floatingIp) {
        return store.disassociate(Ipv4Address.parse("address", floatingIp));
    }

    /** Disassociates (when associated) and gives the address back to its pool. */
    public FloatingIp release(String floatingIp) {
        return store.release(Ipv4Address.parse("address", floatingIp));
    }

    /** @throws InvalidInputException naming {@code protocol}, {@code port} or {@code from} */
    public IngressRule addRule(String project, String protocol, Optional<String> port, Optional<String> from) {
        return store.addRule(IngressRule.parse(project, protocol, port, from));
    }

    public List<IngressRule> rules(Optional<String> project) {
        return store.rules(project.map(ProjectId::of));
    }

    public IngressRule deleteRule(long id) {
        return store.deleteRule(id);
    }

    /**
     * {@code network create [--auto-floating]}: the networks, marked auto-floating (every attach on
     * them also gets a floating IP) when asked, in the transaction that creates them.
     */
    public List<Network> createNetworks(VlanManager manager, NetworkRequest request, boolean autoFloating) {
        return autoFloating ? store.createAutoFloatingNetworks(manager.carving(request)) : manager.createNetworks(request);
    }

    boolean autoFloating(Network network) {
        return config.autoAssign() || store.autoFloatingNetworks().contains(network.id());
    }

    /**
     * The attach's step for auto-floating networks ({@code floating.auto-assign} or the network's flag):
     * a floating IP allocated for the project and associated with the new address, in one transaction.
     * It is released with that address, so undoing the attach's allocation undoes this too.
     *
     * @throws io.xenvlan.core.error.ExhaustedException quota reached or every pool full
     */
    public Optional<FloatingIp> autoAssign(Allocation allocation) {
        if (!autoFloating(allocation.network())) {
            return Optional.empty();
        }
        ProjectId project = allocation.network().project().orElseThrow(() -> new IllegalStateException(
                "allocated address " + allocation.address() + " in a network without a project"));
        return Optional.of(store.allocateAssociated(project, allocation.address(), config.quota()));
    }

    FloatingConfig config() {
        return config;
    }
}
