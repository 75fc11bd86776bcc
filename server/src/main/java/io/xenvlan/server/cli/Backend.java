package io.xenvlan.server.cli;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.network.Network;
import java.util.List;
import java.util.Optional;

/**
 * What the network, project and address commands do, either on the store directly (the VLAN
 * manager) or through a running server's REST API ({@code --server URL}); both give the same
 * records, so the commands print the same tables and JSON.
 */
public interface Backend extends AutoCloseable {
    List<Network> createNetworks(NetworkRequest request);

    List<Network> networks();

    Network network(String ref);

    Network deleteNetwork(String ref);

    Network associate(String project, Optional<String> networkRef);

    Network disassociate(String project);

    Allocation allocate(String project, String instance, Optional<String> address);

    FixedIp release(String address);

    List<FixedIp> releaseInstance(String instance);

    List<FixedIp> addresses(Optional<String> networkRef, Optional<String> project, boolean all);

    @Override
    void close();
}
