package io.xenvlan.store;

import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this store remembers between allocations: each project's network (checked again by every
 * allocation's INSERT, so a stale entry costs one slow allocation, never a wrong one) and each
 * network's {@link FreeAddresses}, read on first use by one primary-key range scan.
 */
final class AddressBook {
    private final Map<String, Network> owners = new ConcurrentHashMap<>();
    private final Map<Long, FreeAddresses> networks = new ConcurrentHashMap<>();

    Optional<Network> networkOf(ProjectId project) {
        return Optional.ofNullable(owners.get(project.value()));
    }

    void owns(ProjectId project, Network network) {
        owners.put(project.value(), network);
    }

    void forgetOwner(ProjectId project) {
        owners.remove(project.value());
    }

    /** The network was deleted or disassociated by this store. */
    void forgetNetwork(long networkId) {
        owners.values().removeIf(n -> n.id() == networkId);
        networks.remove(networkId);
    }

    /** The network's free addresses, read on {@code c} when not yet known or stale. */
    FreeAddresses free(Connection c, long networkId) throws SQLException {
        FreeAddresses free = networks.get(networkId);
        if (free == null) {
            Optional<FreeAddresses> read = Jdbc.first(c, "SELECT first_address, last_address, mac_base FROM networks WHERE id = ?",
                    rs -> new FreeAddresses(networkId, rs.getLong(1), rs.getLong(2), rs.getLong(3)), networkId);
            if (read.isEmpty()) {
                throw new java.sql.SQLTransientException("network " + networkId + " is gone", "40001");
            }
            free = networks.computeIfAbsent(networkId, id -> read.get());
        }
        if (free.stale()) { // new (another thread may be reading it: this one waits on its monitor, then reads again)
            reload(c, free);
        }
        return free;
    }

    /** The loaded picture of a network, if this store has one. */
    Optional<FreeAddresses> known(long networkId) {
        return Optional.ofNullable(networks.get(networkId));
    }

    /** Rows were freed in bulk (stale reclaim): every picture is read again before its next pick. */
    void invalidateAll() {
        networks.values().forEach(FreeAddresses::invalidate);
    }

    /**
     * Reads the network's rows (one range scan of the primary key) and the legacy MACs inside its MAC
     * block: an address whose derived MAC a VIF from before V6 holds stays taken.
     */
    static void reload(Connection c, FreeAddresses free) throws SQLException {
        synchronized (free) {
            List<FreeAddresses.Row> rows = new ArrayList<>();
            long last = free.last();
            try (PreparedStatement ps = Jdbc.prepare(c, "SELECT address, reserved, allocated, leased, released_at FROM fixed_ips"
                    + " WHERE address BETWEEN ? AND ?", free.first, last); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean released = !rs.getBoolean("reserved") && !rs.getBoolean("allocated");
                    Instant from = !released ? null
                            : !rs.getBoolean("leased") ? Instant.MIN : Jdbc.instant(rs, "released_at").orElse(null);
                    rows.add(new FreeAddresses.Row(rs.getLong("address"), from));
                }
            }
            long low = Macs.of(free.macBase, 0);
            for (long mac : Jdbc.list(c, "SELECT mac FROM legacy_macs WHERE mac BETWEEN ? AND ?", rs -> rs.getLong(1),
                    low, low + last - free.first)) {
                rows.add(new FreeAddresses.Row(free.first + (mac - low), null));
            }
            free.reload(rows);
        }
    }
}
