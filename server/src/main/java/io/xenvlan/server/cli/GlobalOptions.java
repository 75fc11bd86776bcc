package io.xenvlan.server.cli;

import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options every command accepts (add it with {@code @Mixin GlobalOptions global}): the database,
 * the state directory and JSON output.
 */
public final class GlobalOptions {
    public static final String DEFAULT_STATE_DIR = ".xenvlan";

    @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:XENVLAN_DB}",
            description = "JDBC URL of the store (env XENVLAN_DB); default: an embedded H2 file under the state directory")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:XENVLAN_DB_USER}",
            description = "database user (env XENVLAN_DB_USER)")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", defaultValue = "XENVLAN_DB_PASSWORD",
            description = "environment variable holding the database password (default XENVLAN_DB_PASSWORD)")
    String dbPasswordEnv;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:XENVLAN_STATE_DIR:-" + DEFAULT_STATE_DIR + "}",
            description = "state directory (env XENVLAN_STATE_DIR, default ./" + DEFAULT_STATE_DIR + ")")
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

    public boolean json() {
        return json;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The store configuration these options select. */
    public StoreConfig storeConfig() {
        if (db == null || db.isBlank()) {
            try {
                Files.createDirectories(stateDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create state directory " + stateDir, e);
            }
            return StoreConfig.h2File(stateDir);
        }
        return StoreConfig.of(db).withCredentials(dbUser, Optional.ofNullable(dbPasswordEnv).map(System::getenv).orElse(null));
    }

    /** Opens the store these options select (close it when done). */
    public JdbcStore openStore() {
        return JdbcStore.open(storeConfig());
    }

    /** Where the commands do their work: the running server given by --server, else the store (close it when done). */
    public Backend backend() {
        if (server != null && !server.isBlank()) {
            return new io.xenvlan.server.client.RemoteBackend(new io.xenvlan.server.client.ApiClient(server, token(), serverTrust()));
        }
        return new LocalBackend(openStore());
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
    public static VlanManager manager(JdbcStore store) {
        return new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
    }
}
