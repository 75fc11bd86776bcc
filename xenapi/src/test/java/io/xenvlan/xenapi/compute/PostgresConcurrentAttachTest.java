package io.xenvlan.xenapi.compute;

import io.xenvlan.store.TestDatabase;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class PostgresConcurrentAttachTest extends ConcurrentAttachContract {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
