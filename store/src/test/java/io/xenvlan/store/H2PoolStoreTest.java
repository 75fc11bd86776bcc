package io.xenvlan.store;

class H2PoolStoreTest extends PoolStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
