package io.xenvlan.store;

import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresPoolStoreTest extends PoolStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    boolean soleUser() {
        return false;
    }
}
