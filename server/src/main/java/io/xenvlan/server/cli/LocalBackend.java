package io.xenvlan.server.cli;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.network.Network;
import io.xenvlan.store.JdbcStore;
import java.util.List;
import java.util.Optional;

/** The commands' work done on the store with the VLAN manager. */
final class LocalBackend implements Backend {
    private final JdbcStore store;
    private final VlanManager manager;

    LocalBackend(JdbcStore store) {
        this.store = store;
        this.manager = GlobalOptions.manager(store);
    }

    @Override
    public List<Network> createNetworks(NetworkRequest request) {
        return manager.createNetworks(request);
    }

    @Override
    public List<Network> networks() {
        return manager.networks();
    }

    @Override
    public Network network(String ref) {
        return manager.network(ref);
    }

    @Override
    public Network deleteNetwork(String ref) {
        return manager.deleteNetwork(ref);
    }

    @Override
    public Network associate(String project, Optional<String> networkRef) {
        return manager.associate(project, networkRef);
    }

    @Override
    public Network disassociate(String project) {
        return manager.disassociate(project);
    }

    @Override
    public Allocation allocate(String project, String instance, Optional<String> address) {
        return manager.allocate(project, instance, address);
    }

    @Override
    public FixedIp release(String address) {
        return manager.release(address);
    }

    @Override
    public List<FixedIp> releaseInstance(String instance) {
        return manager.releaseInstance(instance);
    }

    @Override
    public List<FixedIp> addresses(Optional<String> networkRef, Optional<String> project, boolean all) {
        return manager.addresses(networkRef, project, all);
    }

    @Override
    public void close() {
        store.close();
    }
}
