package io.xenvlan.server.cli;

import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code floating} commands do, on the store directly or through a running server's REST
 * API ({@code --server URL}); both give the same records, so the commands print the same.
 */
public interface FloatingBackend extends AutoCloseable {
    PoolUsage createPool(String pool, String range, Optional<String> iface);

    List<PoolUsage> pools();

    FloatingPool deletePool(String pool);

    FloatingIp allocate(String project, Optional<String> pool);

    List<FloatingIp> list(Optional<String> pool, Optional<String> project);

    /** Exactly one of {@code vm} and {@code fixedAddress}. */
    Associated associate(String address, Optional<String> vm, Optional<String> fixedAddress);

    FloatingIp disassociate(String address);

    FloatingIp release(String address);

    IngressRule addRule(String project, String protocol, Optional<String> port, Optional<String> from);

    List<IngressRule> rules(Optional<String> project);

    IngressRule deleteRule(long id);

    @Override
    void close();
}
