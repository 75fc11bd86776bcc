package io.xenvlan.store;

class H2GuestStoreTest extends GuestStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
