package io.xenvlan.netnode.metadata;

import io.xenvlan.core.error.BackendFailureException;
import io.xenvlan.core.netnode.NamespaceName;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.GuestStore;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.LegService;
import io.xenvlan.netnode.exec.CommandRunner;
import io.xenvlan.netnode.firewall.LiveTable;
import io.xenvlan.netnode.firewall.NftTable;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's metadata service: one HTTP listener (Jetty) on the node's namespace, port
 * {@link MetadataConfig#port()} of every address, reached only through the per-network DNAT of
 * {@code 169.254.169.254:80} on each leg ({@link MetadataRules}). No DHCP route (option 121) is
 * needed: the node is every network's router, so a VM's packets for 169.254.169.254 reach its
 * leg by the default route. With a runner that only reports, the rules are reported and nothing
 * listens.
 */
public final class MetadataService implements LegService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataService.class);

    private final MetadataConfig config;
    private final CommandRunner runner;
    private final Optional<NamespaceName> netns;
    private final MetadataRules rules;
    private final Map<Ipv4Address, Network> byLegAddress = new ConcurrentHashMap<>();
    private final MetadataStats stats = new MetadataStats();
    private final MetadataHandler handler;
    private Server server;
    private int port;

    public MetadataService(MetadataConfig config, GuestStore guests, CommandRunner runner, Optional<NamespaceName> netns) {
        this.config = config;
        this.runner = runner;
        this.netns = netns;
        this.rules = new MetadataRules(config.port());
        this.handler = new MetadataHandler(a -> Optional.ofNullable(byLegAddress.get(a)), guests,
                new RequestRateLimiter(config.perSecond(), config.burst(), 100_000, System::nanoTime), stats);
    }

    /**
     * Starts listening (the guard and the redirects are this service's part of the node's table,
     * in place from the node's start).
     *
     * @throws BackendFailureException when the listener cannot be opened (port taken, no namespace)
     */
    public synchronized void start() {
        if (!runner.executes() || server != null) {
            return;
        }
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("xenvlan-metadata");
        Server s = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(4096);
        ServerConnector connector = new ServerConnector(s, 0, 1, new HttpConnectionFactory(http));
        connector.setIdleTimeout(10_000);
        ServerSocketChannel channel = NamespaceSockets.listen(netns, new InetSocketAddress("0.0.0.0", config.port()));
        try {
            connector.open(channel);
            s.addConnector(connector);
            s.setHandler(handler);
            s.start();
        } catch (Exception e) {
            stopQuietly(s);
            throw new BackendFailureException("netnode", "METADATA_START_FAILED", List.of(), "metadata service: " + e.getMessage(), e);
        }
        server = s;
        port = connector.getLocalPort();
        LOG.info("metadata service listening on port {}{}", port, netns.map(n -> " in namespace " + n).orElse(""));
    }

    @Override
    public void serve(Network network, InterfaceName leg) {
        rules.add(network, leg);
        byLegAddress.put(network.dhcpServer(), network);
    }

    @Override
    public void stop(Network network, InterfaceName leg) {
        byLegAddress.remove(network.dhcpServer(), network);
        rules.remove(network);
    }

    @Override
    public List<String> missing(Network network, InterfaceName leg, LiveTable live) {
        return rules.missing(network, leg, live);
    }

    @Override
    public void contribute(NftTable.Builder table) {
        rules.contribute(table);
    }

    public MetadataStats stats() {
        return stats;
    }

    /** The port listened on, 0 before {@link #start} or when only reporting. */
    synchronized int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            stopQuietly(server);
            server = null;
        }
    }

    private static void stopQuietly(Server s) {
        try {
            s.stop();
        } catch (Exception e) {
            LOG.warn("metadata service did not stop cleanly: {}", e.getMessage());
        }
    }
}
