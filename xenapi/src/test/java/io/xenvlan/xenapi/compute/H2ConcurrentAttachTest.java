package io.xenvlan.xenapi.compute;

import io.xenvlan.store.TestDatabase;

class H2ConcurrentAttachTest extends ConcurrentAttachContract {
    @Override
    TestDatabase database() {
        return TestDatabase.h2();
    }
}
