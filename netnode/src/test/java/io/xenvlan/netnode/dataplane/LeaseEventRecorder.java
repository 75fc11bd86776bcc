package io.xenvlan.netnode.dataplane;

import io.xenvlan.core.netnode.LeaseEvent;
import io.xenvlan.netnode.DhcpScriptCall;
import io.xenvlan.store.JdbcStore;
import io.xenvlan.store.StoreConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --dhcp-script} of data-plane tests below the server (whose {@code xenvlan
 * dhcp-event} does the same): parses dnsmasq's call with the production {@link DhcpScriptCall}
 * and records it in the real store whose JDBC URL is its first argument.
 */
public final class LeaseEventRecorder {
    private LeaseEventRecorder() {}

    public static void main(String[] args) {
        Optional<LeaseEvent> event = DhcpScriptCall.parse(Arrays.asList(args).subList(1, args.length), System.getenv(),
                Clock.systemUTC());
        if (event.isPresent()) {
            try (JdbcStore store = JdbcStore.open(StoreConfig.of(args[0]).withPoolSize(2))) {
                store.recordLeaseEvent(event.get());
            }
        }
    }

    /** The dhcp-event command for a node: this class in a fresh JVM, recording into {@code jdbcUrl}. */
    public static List<String> command(String jdbcUrl) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(LeaseEventRecorder.class.getName());
        argv.add(jdbcUrl);
        return argv;
    }
}
