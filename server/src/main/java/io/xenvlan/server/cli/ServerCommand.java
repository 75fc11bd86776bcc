package io.xenvlan.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.xenvlan.server.ServerRuntime;
import io.xenvlan.server.config.ConfigLoader;
import io.xenvlan.server.config.ServerConfig;
import io.xenvlan.server.config.StateDirs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan server [--config FILE] [--roles api,netnode] [--listen HOST:PORT]}: runs the roles
 * until SIGTERM / SIGINT, then shuts down gracefully (the API finishes in-flight requests).
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run xenvlan as a service: the REST API, dashboard and metrics (role api) and the network node (role netnode).",
                "Settings: configuration file < environment (XENVLAN_<SETTING>) < options; see docs/configuration.md."})
final class ServerCommand implements Runnable {
    @Spec CommandSpec spec;
    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (Java properties: key = value)") Path config;
    @Option(names = "--roles", paramLabel = "ROLES", description = "api, netnode or api,netnode (default: all)") String roles;
    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "where the API listens (default 127.0.0.1:8787)") String listen;
    @Option(names = "--db", paramLabel = "URL", description = "JDBC URL of the store (default: H2 under the state directory)") String db;
    @Option(names = "--state-dir", paramLabel = "DIR", description = "state directory (default /var/lib/xenvlan for root, else $XDG_STATE_HOME/xenvlan or ~/.local/state/xenvlan)")
    String stateDir;
    @Option(names = "--netnode-driver", paramLabel = "ovs|linuxbridge", description = "network node plumbing (default ovs)") String netnodeDriver;
    @Option(names = "--ovs-db", paramLabel = "URL", description = "OVSDB for ovs-vsctl, e.g. unix:/run/openvswitch/db.sock") String ovsDb;
    @Option(names = "--trunk-bridge", paramLabel = "NAME", description = "OVS bridge holding the trunk (default xvtrunk)") String trunkBridge;
    @Option(names = "--trunk-interface", paramLabel = "NAME", description = "the trunk NIC of the network node") String trunkInterface;
    @Option(names = "--netns", paramLabel = "NAME", description = "run legs, dnsmasq and gateway rules in this network namespace") String netns;
    @Option(names = "--public-interface", paramLabel = "NAME", description = "SNAT each network's range out of this interface") String publicInterface;

    @Override
    public void run() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("roles", roles);
        options.put("http.listen", listen);
        options.put("db.url", db);
        options.put("state-dir", stateDir);
        options.put("netnode.driver", netnodeDriver);
        options.put("netnode.ovs-db", ovsDb);
        options.put("netnode.trunk-bridge", trunkBridge);
        options.put("netnode.trunk-interface", trunkInterface);
        options.put("netnode.netns", netns);
        options.put("netnode.public-interface", publicInterface);
        ServerConfig cfg = new ConfigLoader().file(Optional.ofNullable(config)).environment(System.getenv()).commandLine(options).load();
        if (System.getenv("XENVLAN_LOG_LEVEL") == null) {
            ((Logger) LoggerFactory.getLogger("io.xenvlan")).setLevel(Level.INFO);
        }
        if (cfg.database().url().isEmpty()) {
            StateDirs.leftBehind(cfg.stateDir()).ifPresent(hint -> spec.commandLine().getErr().println("xenvlan: " + hint));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ServerRuntime runtime = ServerRuntime.start(cfg, System.getenv(), ServerRoles.netnode());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "xenvlan-shutdown"));
        spec.commandLine().getOut().println("xenvlan server: roles " + cfg.roles().stream().map(r -> r.name().toLowerCase(java.util.Locale.ROOT)).sorted().toList()
                + runtime.apiPort().map(p -> ", API on " + cfg.http().scheme() + "://" + cfg.http().host() + ":" + p).orElse(""));
        spec.commandLine().getOut().flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
