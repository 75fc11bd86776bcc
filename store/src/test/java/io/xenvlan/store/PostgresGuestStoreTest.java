package io.xenvlan.store;

import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresGuestStoreTest extends GuestStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
