package io.xenvlan.store;

import org.junit.jupiter.api.Tag;

/** The floating store's contract on PostgreSQL (a fresh database on XENVLAN_TEST_PG_URL's server). */
@Tag("postgres")
class PostgresFloatingStoreTest extends FloatingRaces {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
