package io.xenvlan.store;

import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.manager.NetworkRequest;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.ProjectId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * A child process of {@link DurableCommitTest}: opens the embedded store of the state directory
 * given as its argument and allocates addresses one after another, printing {@code ACK <address>}
 * as soon as each allocation has returned (been acknowledged), until it is killed.
 */
public final class DurableWriter {
    private DurableWriter() {}

    public static void main(String[] args) {
        JdbcStore store = EmbeddedStore.open(Path.of(args[0]));
        VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
        manager.createNetworks(NetworkRequest.of("durable", "10.90.0.0/16").withCount(1, 65536));
        System.out.println("READY");
        System.out.flush();
        for (int i = 0; ; i++) {
            Allocation a = manager.allocate(ProjectId.of("project-1"), InstanceId.of("vm-" + i), Optional.empty());
            System.out.println("ACK " + a.address());
            System.out.flush();
        }
    }
}
