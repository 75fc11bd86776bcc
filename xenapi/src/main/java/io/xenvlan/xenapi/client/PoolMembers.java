package io.xenvlan.xenapi.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The pool's host addresses, learned after each login, so that the client can find the master
 * again when it stops answering (HA made another host master): it asks the others, which answer
 * HOST_IS_SLAVE [new master] or are the new master.
 */
final class PoolMembers {
    private volatile List<URI> hosts = List.of();

    /** Remembers the hosts of a {@code host.get_all_records} reply, addressed like {@code master}. */
    void learn(URI master, JsonNode hostRecords) {
        List<URI> learned = new ArrayList<>();
        hostRecords.fields().forEachRemaining(e -> {
            String address = Fields.str(e.getValue(), "address");
            if (!address.isEmpty()) {
                try {
                    learned.add(MasterAddress.resolve(master, address));
                } catch (XenApiException unreadable) {
                    // a host whose address we cannot read is no use for failover
                }
            }
        });
        hosts = List.copyOf(learned);
    }

    /** The known hosts other than {@code master}, in the pool's order. */
    List<URI> others(URI master) {
        return hosts.stream().filter(h -> !h.equals(master)).toList();
    }
}
