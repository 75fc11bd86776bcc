package io.xenvlan.server.compute;

import io.xenvlan.store.TestDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresVifListingTest extends VifListingContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
