package io.xenvlan.server.cli;

import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every command accepts (add it with {@code @Mixin GlobalOptions global}): the database,
 * the state directory and JSON output.
 */
public final class GlobalOptions {
    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:XENVLAN_DB}",
            description = "JDBC URL of the store (env XENVLAN_DB); default: the embedded store of the state directory")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:XENVLAN_DB_USER}",
            description = "database user (env XENVLAN_DB_USER)")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", defaultValue = "XENVLAN_DB_PASSWORD",
            description = "environment variable holding the database password (default XENVLAN_DB_PASSWORD)")
    String dbPasswordEnv;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:XENVLAN_STATE_DIR}",
            description = "state directory (env XENVLAN_STATE_DIR; default /var/lib/xenvlan for root, else $XDG_STATE_HOME/xenvlan"
                    + " or ~/.local/state/xenvlan)")
    Path stateDir;

    @Option(names = "--json", description = "print JSON instead of tables")
    boolean json;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:XENVLAN_SERVER}",
            description = "drive a running xenvlan server through its REST API (env XENVLAN_SERVER; token from XENVLAN_TOKEN)")
    String server;

    @Option(names = "--server-ca", paramLabel = "FILE", defaultValue = "${env:XENVLAN_SERVER_CA}",
            description = "for an https:// --server: trust the CA (or server) certificates in this PEM file instead of the"
                    + " system's (env XENVLAN_SERVER_CA)")
    Path serverCa;

    @Option(names = "--server-pin", paramLabel = "SHA256", defaultValue = "${env:XENVLAN_SERVER_PIN}",
            description = "for an https:// --server: trust exactly the certificate with this SHA-256 fingerprint"
                    + " (env XENVLAN_SERVER_PIN)")
    String serverPin;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "read the API token for --server from FILE instead of the XENVLAN_TOKEN environment variable")
    Path tokenFile;

    private Path resolvedStateDir;

    boolean json() {
        return json;
    }

    /** The state directory: --state-dir, XENVLAN_STATE_DIR, or the fixed default ({@link StateDirs}). */
    public Path stateDir() {
        if (resolvedStateDir == null) {
            resolvedStateDir = (stateDir != null && !stateDir.toString().isBlank() ? stateDir : StateDirs.defaultDir())
                    .toAbsolutePath().normalize();
        }
        return resolvedStateDir;
    }

    /** The store given by --db, or empty for the state directory's embedded store. */
    public Optional<StoreConfig> configuredStore() {
        if (db == null || db.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(StoreConfig.of(db).withCredentials(dbUser, Optional.ofNullable(dbPasswordEnv).map(System::getenv).orElse(null)));
    }

    /**
     * Opens the store these options select (close it when done): the one --db names, or the state
     * directory's embedded store once no other process has it (waiting for it, up to XENVLAN_STORE_WAIT).
     *
     * @throws io.xenvlan.core.error.BackendFailureException when a running process holds the embedded
     *         store (commands that can go through it use {@link #turn()} instead)
     */
    public JdbcStore openStore() {
        return openStore(StoreConfig.DEFAULT_POOL_SIZE);
    }

    JdbcStore openStore(int poolSize) {
        Optional<StoreConfig> configured = configuredStore();
        if (configured.isPresent()) {
            return JdbcStore.open(configured.get().withPoolSize(poolSize));
        }
        hintOldStore();
        return StoreTurn.open(stateDir(), StateDirs.storeWait(System.getenv()), poolSize);
    }

    /**
     * The store for one command: the one --db names or the embedded store opened here ({@link StoreTurn.Opened}),
     * or the process holding the embedded store, reached through its announced endpoint ({@link StoreTurn.Held}).
     */
    StoreTurn turn(int poolSize) {
        Optional<StoreConfig> configured = configuredStore();
        if (configured.isPresent()) {
            return new StoreTurn.Opened(JdbcStore.open(configured.get().withPoolSize(poolSize)));
        }
        hintOldStore();
        return StoreTurn.take(stateDir(), StateDirs.storeWait(System.getenv()), poolSize);
    }

    StoreTurn turn() {
        return turn(StoreConfig.DEFAULT_POOL_SIZE);
    }

    /** The store for messages: the --db URL without options, or the embedded store's file. */
    public String storeName() {
        return configuredStore().map(StoreConfig::describe).orElseGet(() -> stateDir().resolve(EmbeddedStore.FILE).toString());
    }

    /** Where the commands do their work: the running server given by --server, else the store (close it when done). */
    Backend backend() {
        if (server != null && !server.isBlank()) {
            return new io.xenvlan.server.client.RemoteBackend(apiClient());
        }
        StoreTurn turn = turn();
        if (turn instanceof StoreTurn.Held held) {
            return new io.xenvlan.server.client.RemoteBackend(held.client());
        }
        return new LocalBackend(((StoreTurn.Opened) turn).store(), stateDir().resolve("pool-secrets"));
    }

    private void hintOldStore() {
        StateDirs.leftBehind(stateDir()).ifPresent(hint -> {
            PrintWriter err = mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr();
            err.println("xenvlan: " + hint);
            err.flush();
        });
    }

    /** The client of the server given by --server (with its token and how its certificate is checked). */
    io.xenvlan.server.client.ApiClient apiClient() {
        return new io.xenvlan.server.client.ApiClient(server, token(), serverTrust());
    }

    /** How an https:// server's certificate is checked: a pin, a CA file, or the system's trust store. */
    private io.xenvlan.xenapi.client.TlsTrust serverTrust() {
        boolean pinned = serverPin != null && !serverPin.isBlank();
        if (pinned && serverCa != null) {
            throw new io.xenvlan.core.error.InvalidInputException("server-pin", "exclusive", "server-pin: give --server-pin or --server-ca, not both");
        }
        if (pinned) {
            return io.xenvlan.xenapi.client.TlsTrust.pinned(serverPin);
        }
        return serverCa != null ? io.xenvlan.xenapi.client.TlsTrust.caFile(serverCa) : io.xenvlan.xenapi.client.TlsTrust.system();
    }

    private String token() {
        if (tokenFile == null) {
            return System.getenv("XENVLAN_TOKEN");
        }
        try {
            return Files.readString(tokenFile).trim();
        } catch (IOException e) {
            throw new io.xenvlan.core.error.InvalidInputException("token-file", "readable", "token-file: cannot read " + tokenFile);
        }
    }

    /** The VLAN manager over an open store, with the system clock and a secure random source. */
    static VlanManager manager(JdbcStore store) {
        return new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
    }
}
