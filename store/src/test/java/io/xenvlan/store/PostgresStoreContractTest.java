package io.xenvlan.store;

import org.junit.jupiter.api.Tag;

/** The store contract on PostgreSQL (a fresh database on XENVLAN_TEST_PG_URL's server). */
@Tag("postgres")
class PostgresStoreContractTest extends StoreContractSuite {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
