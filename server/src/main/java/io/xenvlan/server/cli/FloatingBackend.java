package io.xenvlan.server.cli;

import io.xenvlan.server.render.AssociatedView;
import io.xenvlan.server.render.FloatingIpView;
import io.xenvlan.server.render.FloatingPoolView;
import io.xenvlan.server.render.IngressRuleView;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code floating} commands do, on the store directly or through a running server's REST
 * API ({@code --server URL}); both give the same records, so the commands print the same.
 */
public interface FloatingBackend extends AutoCloseable {
    FloatingPoolView createPool(String pool, String range, Optional<String> iface);

    List<FloatingPoolView> pools();

    FloatingPoolView deletePool(String pool);

    FloatingIpView allocate(String project, Optional<String> pool);

    List<FloatingIpView> list(Optional<String> pool, Optional<String> project);

    /** Exactly one of {@code vm} and {@code fixedAddress}. */
    AssociatedView associate(String address, Optional<String> vm, Optional<String> fixedAddress);

    FloatingIpView disassociate(String address);

    FloatingIpView release(String address);

    IngressRuleView addRule(String project, String protocol, Optional<String> port, Optional<String> from);

    List<IngressRuleView> rules(Optional<String> project);

    IngressRuleView deleteRule(long id);

    @Override
    void close();
}
