package io.xenvlan.lab.cli;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.lab.demo.DataplaneRequirements;
import io.xenvlan.lab.demo.FailoverDemo;
import io.xenvlan.sim.ovs.Prerequisites;
import io.xenvlan.sim.ovs.RunTag;
import io.xenvlan.store.StoreConfig;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code xenvlan demo --dataplane --failover --db URL}: the options of the failover demo ({@link FailoverDemo}). */
final class FailoverDemoOptions {
    @Option(names = "--failover", description = "with --dataplane and --db: two network nodes on one PostgreSQL database;"
            + " the serving one is killed and the other takes over (a PASS/FAIL table)")
    boolean failover;

    @Option(names = "--db", paramLabel = "URL", description = "with --failover: an empty PostgreSQL database (jdbc:postgresql://...)")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:XENVLAN_DB_USER}",
            description = "with --db: the database user (default $XENVLAN_DB_USER)")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", defaultValue = "XENVLAN_DB_PASSWORD",
            description = "with --db: environment variable holding the database password (default XENVLAN_DB_PASSWORD)")
    String dbPasswordEnv;

    /**
     * Runs the failover demo when {@code --failover} asks for it: its exit code; empty without it.
     *
     * @throws InvalidInputException naming the option when the options do not fit together
     */
    Optional<Integer> run(boolean dataplane, PrintWriter out) {
        if (!failover) {
            if (db != null) {
                throw new InvalidInputException("db", "failover-only", "db: only the failover demo (--dataplane --failover) uses a database;"
                        + " the demo keeps its own embedded one");
            }
            return Optional.empty();
        }
        if (!dataplane) {
            throw new InvalidInputException("failover", "dataplane", "failover: needs --dataplane (real nodes that can be killed)");
        }
        StoreConfig store = FailoverDemo.store(db, dbUser, Optional.ofNullable(dbPasswordEnv).map(System::getenv).orElse(null));
        DataplaneRequirements.check("xenvlan demo --dataplane --failover", Prerequisites.SWITCHES, Prerequisites.GUESTS,
                Prerequisites.NETWORK_NODE, DataplaneRequirements.FLOATING);
        return Optional.of(FailoverDemo.run(store, out, RunTag.random(new SecureRandom())));
    }
}
