package io.xenvlan.store;

/** The floating store's contract and races on H2 (in memory). */
class H2FloatingStoreTest extends FloatingRaces {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.h2();
    }
}
