package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.netnode.LeaseAction;
import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a node is woken by the changes any process commits (LISTEN / NOTIFY, migration
 * V33), and only by those: two stores on one database stand for an API process and a node.
 */
@Tag("postgres")
class PostgresChangeNotificationsTest {
    @Test
    void anotherProcessesChange_wakesTheNode_aLeaseMarkDoesNot() throws Exception {
        try (TestDatabase db = TestDatabase.postgres(); JdbcStore node = db.open(); JdbcStore api = db.open()) {
            VlanManager manager = new VlanManager(api, Clock.systemUTC(), VlanManagerConfig.defaults());
            manager.createNetworks(NetworkRequest.of("blue", "10.70.0.0/24"));
            manager.associate(ProjectId.of("p"), Optional.empty());
            Semaphore told = new Semaphore(0);
            try (AutoCloseable listening = node.onChange(told::release)) {
                assertThat(told.tryAcquire(5, TimeUnit.SECONDS)).as("told once listening").isTrue();

                Allocation a = manager.allocate(ProjectId.of("p"), InstanceId.of("vm"), Optional.empty());

                assertThat(told.tryAcquire(5, TimeUnit.SECONDS)).as("told of the allocation").isTrue();
                api.recordLeaseEvent(new LeaseEvent(LeaseAction.ADD, a.mac(), a.address(), Optional.empty(), Optional.empty(),
                        Clock.systemUTC().instant()));
                assertThat(told.tryAcquire(1, TimeUnit.SECONDS)).as("told of a lease mark").isFalse();
                manager.release(a.address().toString());
                assertThat(told.tryAcquire(5, TimeUnit.SECONDS)).as("told of the release").isTrue();
            }
        }
    }
}
