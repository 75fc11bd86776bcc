package io.xenvlan.store;

import io.xenvlan.core.manager.MutableClock;
import io.xenvlan.core.manager.VlanManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The store contract: every behaviour the VLAN manager and the network node rely on, run against
 * each database (one subclass per database). One database per class, emptied before each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractSuite implements NetworkContract, AllocationContract, LeaseContract, BadInputContract,
        NodeStoreContract, NodeLeaseContract, ConcurrencyContract {
    private TestDatabase database;
    private JdbcStore store;
    private MutableClock clock;
    private VlanManager manager;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void openDatabase() {
        database = newDatabase();
        clock = MutableClock.atEpochPlusDays(0);
        store = database.open(clock);
    }

    @AfterAll
    void dropDatabase() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void emptyStore() throws SQLException {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"network_publications", "network_deletions", "fixed_ips", "address_releases", "legacy_macs", "networks", "network_nodes"}) {
                s.execute("DELETE FROM " + table);
            }
        }
        manager = newManager();
    }

    @Override
    public JdbcStore store() {
        return store;
    }

    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    public VlanManager manager() {
        return manager;
    }
}
