package io.xenvlan.netnode;

import io.xenvlan.netnode.dataplane.DataPlane;
import io.xenvlan.store.StoreConfig;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the node's data-plane test classes set up alike: one {@link NodeBench} per class (its Open vSwitch,
 * bridges and namespaces are the slow part), started before the class's first test and closed after its
 * last, and a fresh {@link NodeBench.Run} (store, VLAN manager, nodes) per test, closed after it whatever
 * its outcome. A class registers it in a static field and may keep the run in a field of its own:
 * <pre>{@code
 * @RegisterExtension
 * static final NodeBenchExtension BENCH = new NodeBenchExtension();
 * private final NodeBench.Run run = BENCH.run();
 * }</pre>
 * The bench starts before the class's own {@code @BeforeAll} methods and the run closes after its
 * {@code @AfterEach} ones, so those may use them.
 */
final class NodeBenchExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private NodeBench bench;
    private NodeBench.Run run;

    @Override
    public void beforeAll(ExtensionContext context) {
        bench = NodeBench.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (run != null) {
            run.close();
            run = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (bench != null) {
            bench.close();
            bench = null;
        }
    }

    NodeBench bench() {
        return bench;
    }

    DataPlane plane() {
        return bench.plane;
    }

    /**
     * The current test's run, opened at the first call in the test (a test instance's field initialiser may call this:
     * JUnit makes the instance after the class's bench started, and closes the run once the test ended).
     */
    NodeBench.Run run() {
        if (run == null) {
            run = bench.openRun();
        }
        return run;
    }

    /** Closes the current test's run and opens another on {@code shared} (PostgreSQL), closed after the test as the first would have been. */
    NodeBench.Run reopen(Optional<StoreConfig> shared) {
        run.close();
        run = null;
        run = bench.openRun(shared);
        return run;
    }
}
