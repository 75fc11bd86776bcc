package io.xenvlan.xenapi.client;

import io.xenvlan.sim.PoolSimulator;
import io.xenvlan.sim.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/** A simulated pool on a free loopback port and clients for it, for the client's tests. */
final class SimulatedPool implements AutoCloseable {
    final PoolSimulator sim;

    private SimulatedPool(PoolSimulator sim) {
        this.sim = sim;
    }

    static SimulatedPool start(int hosts, int vms) {
        try {
            // a wrong password is answered at once: the client's tests try one, and need not wait xapi's 5 s
            return new SimulatedPool(PoolSimulator.start(SimulatorConfig.builder().port(0).hosts(hosts).vms(vms)
                    .threads(16).failedLoginDelay(Duration.ZERO).build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    XenApiClient client() {
        return clientAt(sim.url());
    }

    XenApiClient clientAt(URI url) {
        return client(url, XenApiCallObserver.NONE);
    }

    /** A client that reports every call it sends to {@code observer}. */
    XenApiClient client(XenApiCallObserver observer) {
        return client(sim.url(), observer);
    }

    private static XenApiClient client(URI url, XenApiCallObserver observer) {
        return XenApiClient.create(XenApiClientConfig.builder(url, "root", Password.of(SimulatorConfig.DEFAULT_PASSWORD))
                .observer(observer).build());
    }

    @Override
    public void close() {
        sim.close();
    }
}
