package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreBackup}: backups taken while other connections commit transactions that write two tables are
 * each one snapshot (never one table's row without the other's), and each restores into a store that answers
 * the same.
 */
class StoreBackupTest {

    @TempDir
    Path tmp;

    @Test
    void backupsTakenDuringTwoTableTransactions_areConsistentSnapshots_thatRestore() throws Exception {
        List<Path> backups = new ArrayList<>();
        AtomicLong committed = new AtomicLong();
        try (JdbcStore store = EmbeddedStore.open(tmp.resolve("live"))) {
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE backup_test_orders (id BIGINT PRIMARY KEY)");
                s.execute("CREATE TABLE backup_test_lines (id BIGINT PRIMARY KEY)");
                // rows enough that writing one table's rows takes long enough for commits to land before the other's
                s.execute("INSERT INTO backup_test_orders SELECT -X FROM SYSTEM_RANGE(1, 30000)");
                s.execute("INSERT INTO backup_test_lines SELECT -X FROM SYSTEM_RANGE(1, 30000)");
            }
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (Connection c = store.dataSource().getConnection();
                     PreparedStatement order = c.prepareStatement("INSERT INTO backup_test_orders VALUES (?)");
                     PreparedStatement line = c.prepareStatement("INSERT INTO backup_test_lines VALUES (?)")) {
                    c.setAutoCommit(false);
                    for (long id = 1; !stop.get(); id++) {
                        order.setLong(1, id);
                        order.executeUpdate();
                        line.setLong(1, id);
                        line.executeUpdate();
                        c.commit();
                        committed.set(id);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            try {
                for (int i = 0; i < 4; i++) {
                    while (committed.get() < 30L * (i + 1)) {
                        Thread.sleep(5);
                    }
                    Path backup = tmp.resolve("backup-" + i + ".sql.gz");
                    StoreBackup.write(store.dataSource(), backup);
                    backups.add(backup);
                }
            } finally {
                stop.set(true);
                writer.join(Duration.ofMinutes(2).toMillis());
            }
        }
        long previous = -1;
        for (Path backup : backups) {
            assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(StateDirectory.OWNER_ONLY_FILE);
            Path dir = tmp.resolve("restored-" + backup.getFileName());
            try (StoreLock lock = StoreLock.acquire(dir, Duration.ofSeconds(5))) {
                StoreBackup.restore(lock, backup);
            }
            try (JdbcStore restored = EmbeddedStore.open(dir)) {
                long orders = count(restored, "backup_test_orders");
                assertThat(count(restored, "backup_test_lines")).as(backup + ": one snapshot of both tables").isEqualTo(orders);
                assertThat(orders).as("later backups see more").isGreaterThanOrEqualTo(Math.max(previous, 1));
                previous = orders;
            }
        }
    }

    @Test
    void restore_ofSomethingElse_isRefused_andTheStoreIsKept() throws Exception {
        Path dir = tmp.resolve("state");
        try (JdbcStore store = EmbeddedStore.open(dir)) {
            io.xenvlan.core.manager.VlanManager manager = new io.xenvlan.core.manager.VlanManager(store, java.time.Clock.systemUTC(),
                    io.xenvlan.core.manager.VlanManagerConfig.defaults());
            manager.createNetworks(io.xenvlan.core.manager.NetworkRequest.of("kept", "10.91.0.0/24").withCount(1, 256));
        }
        Path gzipOfNothingUseful = tmp.resolve("other.sql.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipOfNothingUseful))) {
            out.write("CREATE TABLE unrelated (id INT);\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (StoreLock lock = StoreLock.acquire(dir, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> StoreBackup.restore(lock, gzipOfNothingUseful)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not a backup of a xenvlan store");
        }
        try (JdbcStore store = EmbeddedStore.open(dir)) {
            assertThat(store.networks()).extracting(n -> n.label().value()).containsExactly("kept");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".restore-"));
        }
    }

    private static long count(JdbcStore store, String table) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
