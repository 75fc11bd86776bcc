package io.xenvlan.server.cli;

import io.xenvlan.core.concurrent.DaemonThreads;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.netnode.NetnodeDriver;
import io.xenvlan.netnode.NetworkNodeConfig;
import io.xenvlan.netnode.NetworkNodeRole;
import io.xenvlan.netnode.NodeCheck;
import io.xenvlan.netnode.NodeCheckStats;
import io.xenvlan.netnode.NodeFinding;
import io.xenvlan.netnode.dnsmasq.DnsSettings;
import io.xenvlan.netnode.dnsmasq.DnsmasqStats;
import io.xenvlan.netnode.exec.ProcessCommandRunner;
import io.xenvlan.netnode.floating.FloatingNode;
import io.xenvlan.netnode.metadata.MetadataConfig;
import io.xenvlan.netnode.metadata.MetadataService;
import io.xenvlan.server.ServerRuntime;
import io.xenvlan.server.config.NetnodeConfig;
import io.xenvlan.server.config.ServerConfig;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.metrics.ServerMetrics;
import io.xenvlan.store.JdbcFloatingStore;
import io.xenvlan.store.JdbcGuestStore;
import io.xenvlan.store.JdbcStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Starts the network node role of {@code xenvlan server} from the {@code netnode.*} settings. */
final class NetnodeRoleStarter implements ServerRuntime.RoleStarter {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    @Override
    public AutoCloseable start(ServerConfig config, JdbcStore store, ServerMetrics metrics) {
        NetworkNodeConfig nodeConfig = nodeConfig(config);
        Duration leaveGrace = leaveGrace(config, nodeConfig);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DaemonThreads.named("netnode"));
        MetadataConfig metadataConfig = metadataConfig(config);
        ProcessCommandRunner runner = new ProcessCommandRunner();
        NetworkNodeRole role = NetworkNodeRole.create(nodeConfig, store, runner, Clock.systemUTC(),
                scheduler, p -> { }, JdbcGuestStore.on(store, Clock.systemUTC()), metadataConfig, dnsSettings(config));
        FloatingNode floating = FloatingNode.create(nodeConfig, JdbcFloatingStore.on(store, Clock.systemUTC()), runner, scheduler,
                role.node()::served);
        // a SIGTERM while the node starts (a cold start of many networks takes a while) comes before the
        // server's own hook exists: this one stops what the start began, so no dnsmasq outlives the process
        Thread stopDuringStart = new Thread(role::close, "xenvlan-netnode-stop-during-start");
        Runtime.getRuntime().addShutdownHook(stopDuringStart);
        try {
            role.start();
            floating.start();
        } catch (RuntimeException e) {
            floating.close();
            role.close();
            scheduler.shutdownNow();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopDuringStart);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is stopping the node
            }
        }
        DnsmasqStats stats = role.node().fleet().stats();
        metrics.dnsmasq(stats::reloads, stats::additions, stats::restarts, stats::releases, stats::bytesWritten);
        NodeCheckStats checks = role.checkStats();
        Map<String, LongSupplier> runs = new LinkedHashMap<>();
        for (NodeCheck.Outcome o : NodeCheck.Outcome.values()) {
            runs.put(o.label(), () -> checks.checks(o));
        }
        Map<String, LongSupplier> repairs = new LinkedHashMap<>();
        for (NodeFinding.Kind k : NodeFinding.Kind.values()) {
            repairs.put(k.name().toLowerCase(Locale.ROOT), () -> checks.repairs(k));
        }
        metrics.netnodeChecks(runs, repairs);
        role.metadata().map(MetadataService::stats).ifPresent(m -> metrics.metadata(Map.of("served", m::servedCount,
                "refused", m::refusedCount, "limited", m::limitedCount)));
        boolean leave = config.netnode().leaveServingOnShutdown();
        // the embedded store is this process's alone: no other node can take the networks, so nothing to hold (and H2
        // closes it at the JVM's exit, before this could write); a shared store holds the node's lease for the grace
        boolean shared = config.database().url().isPresent();
        return () -> {
            floating.close();
            if (leave && shared) {
                role.leaveServing(leaveGrace);
            } else if (leave) {
                role.leaveServing();
            } else {
                role.close();
            }
            scheduler.shutdownNow();
        };
    }

    /** @throws InvalidInputException naming the {@code netnode.*} setting that breaks a rule */
    static NetworkNodeConfig nodeConfig(ServerConfig config) {
        NetnodeConfig s = config.netnode();
        NetworkNodeConfig.Builder b = NetworkNodeConfig.builder(s.get("node-name").orElseGet(NetnodeRoleStarter::hostName),
                nodeDir(config));
        s.get("driver").map(NetnodeDriver::parse).ifPresent(b::driver);
        s.get("ovs-db").ifPresent(b::ovsDb);
        s.get("trunk-bridge").ifPresent(b::trunkBridge);
        s.get("trunk-interface").ifPresent(b::trunkInterface);
        s.get("netns").ifPresent(b::netns);
        s.get("public-interface").ifPresent(b::publicInterface);
        s.get("coalesce-window").map(v -> duration("netnode.coalesce-window", v)).ifPresent(b::coalesceWindow);
        s.get("lease-time").map(v -> duration("netnode.lease-time", v)).ifPresent(b::leaseTime);
        s.get("check-interval").map(v -> duration("netnode.check-interval", v)).ifPresent(b::checkInterval);
        s.get("max-networks").map(NetnodeRoleStarter::maxNetworks).ifPresent(b::maxNetworks);
        s.get("node-lease").map(v -> duration("netnode.node-lease", v)).ifPresent(b::nodeLease);
        s.get("dhcp-script").map(Path::of).ifPresent(b::dhcpScript);
        if (leaseEventsByCommand(s.get("lease-events").orElse("spool"))) {
            b.dhcpEventCommand(dhcpEventCommand(config));
        }
        return b.build();
    }

    /**
     * {@code netnode.leave-grace}: how long a node stopped with {@code netnode.on-shutdown = leave}
     * keeps its networks (2 min by default; at least its lease, at most 1 h).
     */
    static Duration leaveGrace(ServerConfig config, NetworkNodeConfig nodeConfig) {
        Duration grace = config.netnode().get("leave-grace").map(v -> duration("netnode.leave-grace", v)).orElse(Duration.ofMinutes(2));
        if (grace.compareTo(nodeConfig.nodeLease()) < 0 || grace.compareTo(Duration.ofHours(1)) > 0) {
            throw new InvalidInputException("netnode.leave-grace", "range",
                    "netnode.leave-grace: from netnode.node-lease (" + nodeConfig.nodeLease().toSeconds() + " s) to 1h");
        }
        return grace;
    }

    /** The metadata service's settings: {@code netnode.metadata} (on by default) and its port, rate and burst. */
    static MetadataConfig metadataConfig(ServerConfig config) {
        NetnodeConfig s = config.netnode();
        MetadataConfig d = MetadataConfig.defaults();
        boolean on = switch (s.get("metadata").orElse("on").trim().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new InvalidInputException("netnode.metadata", "one-of", "netnode.metadata: on or off");
        };
        return new MetadataConfig(on, integer(s, "metadata-port", d.port()), integer(s, "metadata-rate", d.perSecond()),
                integer(s, "metadata-burst", d.burst()));
    }

    /** {@code netnode.dns-domain} (the suffix of every network's domain) and {@code netnode.dns-upstream} (comma-separated). */
    static DnsSettings dnsSettings(ServerConfig config) {
        NetnodeConfig s = config.netnode();
        List<Ipv4Address> upstreams = new ArrayList<>();
        for (String server : s.get("dns-upstream").orElse("").split(",")) {
            if (!server.isBlank()) {
                upstreams.add(Ipv4Address.parse("netnode.dns-upstream", server.trim()));
            }
        }
        return new DnsSettings(s.get("dns-domain").orElse(DnsSettings.DEFAULT_SUFFIX).trim(), upstreams);
    }

    private static int integer(NetnodeConfig s, String key, int fallback) {
        String text = s.get(key).orElse(Integer.toString(fallback)).trim();
        if (!text.matches("[0-9]{1,6}")) {
            throw new InvalidInputException("netnode." + key, "integer", "netnode." + key + ": a whole number, got '"
                    + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'");
        }
        return Integer.parseInt(text);
    }

    /**
     * Where the node keeps dnsmasq's files: {@code netnode.dir}, else {@code <state-dir>-netnode} beside
     * the state directory. Not inside it: dnsmasq re-reads its hosts and options files as user nobody,
     * who cannot enter the state directory (0700); nothing secret is kept there (the lease spool and
     * the scripts dnsmasq runs as root are 0700).
     */
    static Path nodeDir(ServerConfig config) {
        return config.netnode().get("dir").map(d -> Path.of(d).toAbsolutePath().normalize())
                .orElseGet(() -> StateDirs.netnodeBeside(config.stateDir()));
    }

    /** {@code spool} (default): dnsmasq spools lease events for the node; {@code command}: a {@code dhcp-event} process per event. */
    private static boolean leaseEventsByCommand(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "spool" -> false;
            case "command" -> true;
            default -> throw new InvalidInputException("netnode.lease-events", "one-of",
                    "netnode.lease-events: spool (the node records them in batches) or command (xenvlan dhcp-event per event)");
        };
    }

    /** This very program (same Java, same class path) running {@code dhcp-event} on the same store. */
    static List<String> dhcpEventCommand(ServerConfig config) {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "io.xenvlan.server.Main", "dhcp-event",
                "--state-dir", config.stateDir().toAbsolutePath().toString()));
        config.database().url().ifPresent(url -> argv.addAll(List.of("--db", url)));
        config.database().user().ifPresent(user -> argv.addAll(List.of("--db-user", user)));
        argv.addAll(List.of("--db-password-env", config.database().passwordEnv(), "--"));
        return argv;
    }

    private static int maxNetworks(String text) {
        if (!text.trim().matches("[0-9]{1,6}")) {
            throw new InvalidInputException("netnode.max-networks", "integer",
                    "netnode.max-networks: a whole number of networks (0: as many as the kernel's limits allow)");
        }
        return Integer.parseInt(text.trim());
    }

    private static Duration duration(String setting, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidInputException(setting, "duration", setting + ": a duration such as 150ms, 30s, 10m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
            return name.isEmpty() || name.startsWith("-") || name.startsWith(".") ? "netnode" : name.substring(0, Math.min(64, name.length()));
        } catch (UnknownHostException e) {
            return "netnode";
        }
    }
}
