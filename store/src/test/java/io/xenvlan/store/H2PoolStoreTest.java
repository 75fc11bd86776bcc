package io.xenvlan.store;

class H2PoolStoreTest extends PoolStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2();
    }

    @Override
    boolean soleUser() {
        return true; // an in-memory H2 database without the auto-server
    }
}
