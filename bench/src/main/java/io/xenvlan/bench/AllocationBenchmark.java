package io.xenvlan.bench;

import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.store.EmbeddedStore;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import io.xenvlan.store.StoreLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Allocations per second (VlanManager.allocate: fixed IP + VIF + unique MAC, one committed
 * transaction each) against the rate of a bare single-row insert transaction on the same database
 * and pool, at 1, 8 and 32 concurrent clients, on embedded H2 (a file, as the default store) and on
 * PostgreSQL; the two are measured in alternating slices. Checks that no address, MAC or VIF was
 * handed out twice and that every allocation returned holds its address.
 *
 * <p>Usage: {@code java -cp bench/target/classes:lab/target/xenvlan.jar io.xenvlan.bench.AllocationBenchmark
 * [seconds-per-measurement] [h2|postgres|both] [client counts, default 1,8,32]}. PostgreSQL comes
 * from XENVLAN_BENCH_PG_URL / _USER / _PASSWORD or else XENVLAN_TEST_PG_URL / _USER / _PASSWORD;
 * the benchmark creates its own database there and drops it.
 */
public final class AllocationBenchmark {
    static final int[] CLIENTS = {1, 8, 32};
    // two creates of 16 networks of 65,536 (the largest): 2M addresses, room for every allocation of a fast run
    static final int PROJECTS = 32;
    static final int NETWORK_SIZE = 65536;
    /** Bare-insert and allocation slices alternate, so JIT, GC and background-writer drift hit both alike. */
    static final int SLICES = 20;

    private AllocationBenchmark() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        String which = args.length > 1 ? args[1] : "both";
        int[] clients = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : CLIENTS;
        System.out.printf("xenvlan allocation benchmark: %.0f s per measurement (%d alternating slices), %d projects, %d CPUs%n",
                seconds, SLICES, PROJECTS, Runtime.getRuntime().availableProcessors());
        System.out.println("database    clients  insert tx/s  allocations/s  ratio  duplicates");
        boolean ok = true;
        if (!which.equals("postgres")) {
            Path dir = Files.createTempDirectory("xenvlan-bench-");
            try (StoreLock lock = StoreLock.acquire(dir, EmbeddedStore.DEFAULT_WAIT)) {
                ok &= runDatabase("h2", EmbeddedStore.config(lock, StoreConfig.DEFAULT_POOL_SIZE), seconds, clients);
            }
        }
        if (!which.equals("h2")) {
            try (PostgresDatabase pg = PostgresDatabase.create()) {
                ok &= runDatabase("postgresql", pg.config(), seconds, clients);
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean runDatabase(String name, StoreConfig base, double seconds, int[] clientCounts) throws Exception {
        boolean ok = true;
        for (int clients : clientCounts) {
            try (JdbcStore store = JdbcStore.open(base.withPoolSize(clients))) {
                reset(store);
                VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
                for (int half = 0; half < 2; half++) {
                    manager.createNetworks(NetworkRequest.of("bench" + half, "10." + (16 * half) + ".0.0/12")
                            .withCount(PROJECTS / 2, NETWORK_SIZE).withVlanStart(100 + half * PROJECTS / 2));
                }
                for (int p = 0; p < PROJECTS; p++) {
                    manager.associate(ProjectId.of(project(p)), Optional.empty()); // steady state: every project has its network
                }
                long allocated = 0;
                Load.run(clients, seconds / 4, i -> bareInsert(store));
                allocated += Load.run(clients, seconds / 4, i -> manager.allocate(ProjectId.of(project(i)), InstanceId.of("warm-" + i), Optional.empty())).operations();
                long inserts = 0;
                long allocations = 0;
                double insertSeconds = 0;
                double allocationSeconds = 0;
                for (int slice = 0; slice < SLICES; slice++) {
                    Load.Result bare = Load.run(clients, seconds / SLICES, i -> bareInsert(store));
                    String tag = "vm-" + slice + "-";
                    Load.Result alloc = Load.run(clients, seconds / SLICES, i -> manager.allocate(ProjectId.of(project(i)), InstanceId.of(tag + i), Optional.empty()));
                    inserts += bare.operations();
                    insertSeconds += bare.seconds();
                    allocations += alloc.operations();
                    allocationSeconds += alloc.seconds();
                }
                allocated += allocations;
                long duplicates = duplicates(store);
                long held = held(store);
                double ratio = (allocations / allocationSeconds) / (inserts / insertSeconds);
                ok &= duplicates == 0 && held == allocated && ratio >= 0.5;
                System.out.printf("%-11s %7d  %11.0f  %13.0f  %5.2f  %10d%n", name, clients, inserts / insertSeconds,
                        allocations / allocationSeconds, ratio, duplicates);
                if (held != allocated) {
                    System.out.printf("  %d allocations returned but %d addresses are held%n", allocated, held);
                }
            }
        }
        return ok;
    }

    private static String project(long op) {
        return "project-" + (op % PROJECTS);
    }

    private static void bareInsert(JdbcStore store) {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_insert (payload, created_at) VALUES (?, CURRENT_TIMESTAMP)")) {
                ps.setString(1, "instance-payload");
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reset(JdbcStore store) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("network_publications", "network_deletions", "fixed_ips", "address_releases", "networks")) {
                s.execute("DELETE FROM " + table);
            }
            s.execute("DROP TABLE IF EXISTS bench_insert");
            s.execute("CREATE TABLE bench_insert (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
                    + "payload VARCHAR(64) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    /**
     * Addresses, MACs or VIF uuids held twice by allocated rows. The address is the table's primary
     * key and MACs are unique by construction, so this is 0 unless either was broken.
     */
    private static long duplicates(JdbcStore store) throws SQLException {
        return count(store, "SELECT (SELECT COUNT(*) - COUNT(DISTINCT address) FROM fixed_ips WHERE allocated = TRUE)"
                + " + (SELECT COUNT(*) - COUNT(DISTINCT mac) FROM fixed_ips WHERE allocated = TRUE)"
                + " + (SELECT COUNT(*) - COUNT(DISTINCT vif_uuid) FROM fixed_ips WHERE allocated = TRUE)"
                + " + (SELECT COUNT(*) - COUNT(DISTINCT vif_id) FROM fixed_ips WHERE allocated = TRUE)");
    }

    /** Allocated addresses: must equal the allocations the clients got back. */
    private static long held(JdbcStore store) throws SQLException {
        return count(store, "SELECT COUNT(*) FROM fixed_ips WHERE allocated = TRUE");
    }

    private static long count(JdbcStore store, String sql) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A uniquely named PostgreSQL database for one benchmark run. */
    record PostgresDatabase(String adminUrl, String user, String password, String name) implements AutoCloseable {
        static PostgresDatabase create() throws SQLException {
            String url = env("XENVLAN_BENCH_PG_URL", "XENVLAN_TEST_PG_URL");
            String user = env("XENVLAN_BENCH_PG_USER", "XENVLAN_TEST_PG_USER");
            String password = env("XENVLAN_BENCH_PG_PASSWORD", "XENVLAN_TEST_PG_PASSWORD");
            String name = "xenvlan_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new PostgresDatabase(url, user, password, name);
        }

        StoreConfig config() {
            int slash = adminUrl.indexOf('/', adminUrl.indexOf("//") + 2);
            return StoreConfig.of(adminUrl.substring(0, slash) + "/" + name).withCredentials(user, password);
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }

        private static String env(String preferred, String fallback) {
            String v = System.getenv(preferred);
            v = v == null ? System.getenv(fallback) : v;
            if (v == null) {
                throw new IllegalStateException("set " + preferred + " (or " + fallback + ") for the PostgreSQL run");
            }
            return v;
        }
    }
}
