package io.xenvlan.server.compute;

import io.xenvlan.store.TestDatabase;

class H2VifListingTest extends VifListingContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
