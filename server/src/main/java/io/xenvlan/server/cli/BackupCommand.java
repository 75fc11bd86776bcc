package io.xenvlan.server.cli;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.server.local.LocalAnswers;
import io.xenvlan.server.local.StoreTurn;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.StoreBackup;
import io.xenvlan.store.StoreConfig;
import io.xenvlan.server.render.Table;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xenvlan backup --to FILE}: a consistent copy of the embedded store, also while a server holds it
 * (the holder writes it through its Unix socket), into a new 0600 file. PostgreSQL has its own tools.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the embedded store into FILE (a new file, mode 0600), consistently, also while a server holds the store.",
                "The copy is SQL (gzip), not encrypted: keep it as you keep the store. For PostgreSQL, use pg_dump."})
final class BackupCommand implements Runnable {
    @Mixin GlobalOptions global;
    @Spec CommandSpec spec;
    @Option(names = "--to", required = true, paramLabel = "FILE", description = "the backup file to write (it must not exist)") Path to;

    @Override
    public void run() {
        refusePostgres(global, "backup", "pg_dump");
        Path target = newFile(to);
        if (global.configuredStore().isEmpty() && !EmbeddedStore.exists(global.stateDir())) {
            throw new InvalidInputException("state-dir", "store", "state-dir: there is no store in " + global.stateDir() + " to back up");
        }
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial-" + UUID.randomUUID());
        try {
            try (StoreTurn turn = global.turn(2)) {
                if (turn instanceof StoreTurn.Held held) {
                    copyHoldersBackup(Path.of(held.client().post("/local/backup", Map.of(), LocalAnswers.BackupFile.class).file()), partial);
                } else {
                    StoreBackup.write(((StoreTurn.Opened) turn).store().dataSource(), partial);
                }
            }
            Files.createLink(target, partial); // in place complete, and never over a file that appeared meanwhile
            Written written = new Written(target.toString(), Files.size(target));
            Output.print(spec.commandLine().getOut(), global, written, () -> new Table("FILE", "BYTES").row(written.file(), written.bytes()), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + target, e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // nothing was moved into place: the error above is the one to report
            }
        }
    }

    /** What {@code backup --json} prints. */
    record Written(String file, long bytes) {}

    /** The holder's copy in the state directory, into {@code partial} (made 0600 first), then deleted. */
    private void copyHoldersBackup(Path written, Path partial) throws IOException {
        if (!global.stateDir().equals(written.getParent()) || !written.getFileName().toString().startsWith(".backup-")) {
            throw new UncheckedIOException(new IOException("the store's holder named an unexpected backup file " + written));
        }
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            Files.copy(written, out);
        } finally {
            Files.deleteIfExists(written);
        }
    }

    /** FILE as an absolute path to a file that does not exist yet, in a directory that does. */
    private static Path newFile(Path given) {
        Path target = given.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new InvalidInputException("to", "new-file", "to: " + target + " exists; a backup never overwrites a file, give a new name");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new InvalidInputException("to", "directory", "to: the directory " + target.getParent() + " does not exist");
        }
        return target;
    }

    /** The embedded store only: for PostgreSQL, its own {@code tool}. */
    static void refusePostgres(GlobalOptions global, String command, String tool) {
        if (global.server != null && !global.server.isBlank()) {
            throw new InvalidInputException("server", "local", "server: " + command + " works on this host's store, not through --server");
        }
        global.configuredStore().map(StoreConfig::url).filter(url -> !url.startsWith("jdbc:h2:")).ifPresent(url -> {
            throw new InvalidInputException("db", "embedded", "db: " + command + " is for the embedded store; for PostgreSQL use " + tool);
        });
    }
}
