package io.xenvlan.store;

/** The store contract on embedded H2. */
class H2StoreContractTest extends StoreContractSuite {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
