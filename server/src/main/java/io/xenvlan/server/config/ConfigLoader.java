package io.xenvlan.server.config;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.floating.FloatingConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@link ServerConfig} from layers, each overriding the one before: defaults, the
 * configuration file (Java properties, {@code key = value}), the environment ({@code XENVLAN_} +
 * the key in upper case with {@code .} and {@code -} as {@code _}, e.g. {@code XENVLAN_HTTP_LISTEN})
 * and the command line. Unknown keys in the file are errors; every error names the setting.
 */
public final class ConfigLoader {
    /** Every setting there is; docs/configuration.md lists them with their defaults. */
    public static final Set<String> KEYS = Set.of(
            "roles", "state-dir",
            "http.listen", "http.max-body-bytes", "http.shutdown-grace", "http.dashboard", "http.metrics-public",
            "http.read-timeout", "http.max-connections-per-client", "http.tls.cert", "http.tls.key",
            "db.url", "db.user", "db.password-env", "db.pool-size",
            "netnode.driver", "netnode.ovs-db", "netnode.trunk-bridge", "netnode.trunk-interface", "netnode.netns",
            "netnode.public-interface", "netnode.node-name", "netnode.coalesce-window", "netnode.lease-time",
            "netnode.on-shutdown", "netnode.leave-grace", "netnode.dhcp-script", "netnode.lease-events", "netnode.check-interval",
            "netnode.metadata", "netnode.metadata-port", "netnode.metadata-rate", "netnode.metadata-burst",
            "netnode.dns-domain", "netnode.dns-upstream", "netnode.max-networks", "netnode.node-lease",
            "netnode.dir", "vif.dhcp-wait", "audit.interval", "audit.repair", "floating.auto-assign", "quota.floating-ips");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    /** Reads the file; @throws InvalidInputException naming {@code config} or the unknown key */
    public ConfigLoader file(Optional<Path> file) {
        if (file.isEmpty()) {
            return this;
        }
        Path path = file.get();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("config", "readable", "config: cannot read " + path + ": " + e.getMessage());
        }
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException(key, "known-setting", key + ": unknown setting in " + path);
            }
            put(key, p.getProperty(key), "file " + path);
        }
        return this;
    }

    /** Takes {@code XENVLAN_*} variables that name a setting; {@code XENVLAN_DB} is the CLI's alias of db.url. */
    public ConfigLoader environment(Map<String, String> env) {
        for (String key : KEYS) {
            String variable = environmentName(key);
            if (env.containsKey(variable)) {
                put(key, env.get(variable), "environment " + variable);
            }
        }
        if (env.containsKey("XENVLAN_DB") && !env.containsKey(environmentName("db.url"))) {
            put("db.url", env.get("XENVLAN_DB"), "environment XENVLAN_DB");
        }
        return this;
    }

    /** Settings given on the command line (null values are ignored). */
    public ConfigLoader commandLine(Map<String, String> options) {
        options.forEach((key, value) -> {
            if (value != null) {
                put(key, value, "option --" + key.replace('.', '-'));
            }
        });
        return this;
    }

    /** Both of {@code http.tls.cert} and {@code http.tls.key}, or neither. */
    private static Optional<HttpConfig.TlsFiles> tls(ConfigValues s) {
        Optional<String> cert = s.optional("http.tls.cert");
        Optional<String> key = s.optional("http.tls.key");
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? "http.tls.key" : "http.tls.cert";
            throw s.invalid(missing, "required", "is required with " + (cert.isPresent() ? "http.tls.cert" : "http.tls.key")
                    + " (a PEM certificate chain and its PEM private key)");
        }
        return cert.map(c -> new HttpConfig.TlsFiles(Path.of(c), Path.of(key.get())));
    }

    static String environmentName(String key) {
        return "XENVLAN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private void put(String key, String value, String source) {
        values.put(key, value);
        sources.put(key, source);
    }

    /** Validates and builds the configuration. @throws InvalidInputException naming the setting */
    public ServerConfig load() {
        ConfigValues s = new ConfigValues(values, sources);
        var roles = Role.parseList("roles", s.string("roles", "api,netnode"));
        Path stateDir = s.optional("state-dir").map(Path::of).orElseGet(StateDirs::defaultDir);
        Listen listen = Listen.parse("http.listen", s.string("http.listen", HttpConfig.DEFAULT_HOST + ":" + HttpConfig.DEFAULT_PORT),
                k -> s.invalid("http.listen", "host-port", k));
        HttpConfig http = new HttpConfig(listen.host(), listen.port(),
                s.integer("http.max-body-bytes", HttpConfig.DEFAULT_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024),
                s.duration("http.shutdown-grace", HttpConfig.DEFAULT_SHUTDOWN_GRACE, Duration.ZERO, Duration.ofMinutes(10)),
                s.bool("http.dashboard", true), s.bool("http.metrics-public", true),
                s.duration("http.read-timeout", HttpConfig.DEFAULT_READ_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(10)),
                s.integer("http.max-connections-per-client", HttpConfig.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, 1, 100_000), tls(s));
        Optional<String> url = s.optional("db.url");
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:postgresql:")) {
                throw s.invalid("db.url", "jdbc-url", "must be a jdbc:h2: or jdbc:postgresql: URL");
            }
        });
        String passwordEnv = s.string("db.password-env", DatabaseConfig.DEFAULT_PASSWORD_ENV);
        if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw s.invalid("db.password-env", "env-name", "must be an environment variable name");
        }
        DatabaseConfig db = new DatabaseConfig(url, s.optional("db.user"), passwordEnv, s.integer("db.pool-size", 16, 1, 512));
        String onShutdown = s.string("netnode.on-shutdown", "stop");
        if (!onShutdown.equals("stop") && !onShutdown.equals("leave")) {
            throw s.invalid("netnode.on-shutdown", "one-of", "must be stop or leave, got '" + ConfigValues.clip(onShutdown) + "'");
        }
        Duration vifDhcpWait = s.duration("vif.dhcp-wait", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(10));
        AuditConfig audit = new AuditConfig(s.duration("audit.interval", AuditConfig.DEFAULT_INTERVAL, Duration.ZERO,
                Duration.ofDays(7)), s.bool("audit.repair", false));
        Map<String, String> netnode = s.group("netnode");
        netnode.remove("on-shutdown");
        return new ServerConfig(roles, stateDir, http, db, new NetnodeConfig(netnode, onShutdown.equals("leave")), vifDhcpWait,
                audit, floating(s));
    }

    private static FloatingConfig floating(ConfigValues s) {
        return new FloatingConfig(s.integer("quota.floating-ips", FloatingConfig.DEFAULT_QUOTA, 0, FloatingConfig.MAX_QUOTA),
                s.bool("floating.auto-assign", false));
    }

    /**
     * The floating settings ({@code quota.floating-ips}, {@code floating.auto-assign}) from the
     * environment alone: what CLI commands working on the store directly apply, as a server would.
     */
    public static FloatingConfig floatingFromEnvironment(Map<String, String> env) {
        ConfigLoader loader = new ConfigLoader();
        for (String key : Set.of("quota.floating-ips", "floating.auto-assign")) {
            if (env.containsKey(environmentName(key))) {
                loader.put(key, env.get(environmentName(key)), "environment " + environmentName(key));
            }
        }
        return floating(new ConfigValues(loader.values, loader.sources));
    }
}
