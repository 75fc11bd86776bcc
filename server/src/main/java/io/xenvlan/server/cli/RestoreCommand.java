package io.xenvlan.server.cli;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.config.StateDirs;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreBackup;
import io.xenvlan.store.StoreLock;
import io.xenvlan.server.render.Table;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan restore --from FILE}: replaces the state directory's embedded store with a backup; refused
 * while a process holds the store. The restored store is opened once (and migrated, for a backup of an older
 * version) before the command returns.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replace the embedded store of the state directory with a backup that `xenvlan backup` wrote.",
                "Refused while a server holds the store: stop it first. For PostgreSQL, use pg_restore or psql."})
final class RestoreCommand implements Runnable {
    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;
    @Option(names = "--from", required = true, paramLabel = "FILE", description = "the backup file") Path from;

    @Override
    public void run() {
        BackupCommand.refusePostgres(global, "restore", "pg_restore or psql");
        if (global.configuredStore().isPresent()) {
            throw new InvalidInputException("db", "embedded", "db: restore puts back the store of a state directory; give --state-dir, not --db");
        }
        Path source = from.toAbsolutePath().normalize();
        StoreLock lock = StoreTurn.exclusive(global.stateDir(), StateDirs.storeWait(System.getenv()), "restore");
        try {
            StoreBackup.restore(lock, source);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        int networks;
        try (JdbcStore store = EmbeddedStore.open(lock, 2, Clock.systemUTC())) {
            networks = store.networks().size();
        }
        Restored restored = new Restored(source.toString(), global.stateDir().resolve(EmbeddedStore.FILE).toString(), networks);
        Output.print(spec.commandLine().getOut(), global, restored,
                () -> new Table("RESTORED", "STORE", "NETWORKS").row(restored.restored(), restored.store(), restored.networks()), "");
    }

    /** What {@code restore --json} prints: the backup put back, the store it now is, and how many networks it holds. */
    record Restored(String restored, String store, int networks) {
    }
}
