package io.xenvlan.store;

import static io.xenvlan.store.Rows.FIXED_IP_COLUMNS;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Release: the row of an address dnsmasq does not lease is deleted (the address is free at once; a
 * stamp in {@code address_releases} tells network nodes); a leased one is marked released and stays
 * out until dnsmasq's {@code del} or the stale timeout. This store's picture of the network follows.
 */
final class ReleaseStatements {
    private final Transactions tx;
    private final Dialect dialect;
    private final AddressBook book;

    ReleaseStatements(Transactions tx, AddressBook book) {
        this.tx = tx;
        this.dialect = tx.dialect();
        this.book = book;
    }

    FixedIp release(Ipv4Address address, Instant now) {
        FixedIp released = tx.stamped(c -> {
            FixedIp ip = Jdbc.first(c, "SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE address = ? FOR UPDATE",
                    Rows::fixedIp, Rows.value(address)).orElse(null);
            if (ip == null && Jdbc.first(c, "SELECT id FROM networks WHERE first_address <= ? AND last_address >= ?", rs -> 1,
                    Rows.value(address), Rows.value(address)).isEmpty()) {
                throw new NotFoundException("address", address.toString());
            }
            if (ip == null || !ip.allocated()) {
                throw new ConflictException("address: " + address + " is not allocated",
                        Map.of("field", "address", "rule", "allocated", "address", address.toString()));
            }
            refuseHeldByVif(c, ip);
            return releaseRow(c, ip, now);
        });
        follow(released);
        return released;
    }

    List<FixedIp> releaseInstance(InstanceId instance, Instant now) {
        List<FixedIp> released = tx.stamped(c -> {
            List<FixedIp> held = Jdbc.list(c, "SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE instance_id = ? AND allocated = TRUE"
                    + " ORDER BY address FOR UPDATE", Rows::fixedIp, instance.value());
            for (FixedIp ip : held) {
                refuseHeldByVif(c, ip);
            }
            List<FixedIp> out = new ArrayList<>();
            for (FixedIp ip : held) {
                out.add(releaseRow(c, ip, now));
            }
            return out;
        });
        released.forEach(this::follow);
        return released;
    }

    /**
     * An address a VIF of xenvlan holds is released only by taking the VIF off its VM (detach): a
     * release alone would hand its IP and MAC to the next VM while the VIF still uses them.
     */
    private static void refuseHeldByVif(Connection c, FixedIp ip) throws SQLException {
        Optional<String[]> vif = Jdbc.first(c, "SELECT v.vif_uuid, v.vm_uuid, p.name, v.state FROM xen_vifs v JOIN xen_pools p"
                + " ON p.id = v.pool_id WHERE v.address = ?", rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4)}, Rows.value(ip.address()));
        if (vif.isPresent()) {
            String[] v = vif.get();
            throw new ConflictException("address: " + ip.address() + " is held by VIF " + v[0] + " of VM " + v[1] + " on pool " + v[2]
                    + " (" + v[3] + "); detach it instead: xenvlan vif detach --pool " + v[2] + " --vm " + v[1],
                    Map.of("field", "address", "rule", "not-held-by-vif", "address", ip.address().toString(), "vif", v[0],
                            "vm", v[1], "pool", v[2]));
        }
    }

    /**
     * Releases the address a VIF holds, inside the caller's transaction (the pool store forgets
     * the VIF in the same one); call {@link #follow} once it committed.
     *
     * @return the released address, or empty when {@code address} is not allocated to that VIF
     */
    Optional<FixedIp> releaseForVif(Connection c, long address, UUID vifUuid, Instant now) throws SQLException {
        Optional<FixedIp> ip = Jdbc.first(c, "SELECT " + FIXED_IP_COLUMNS + " FROM fixed_ips WHERE address = ? AND vif_uuid = ?"
                + " AND allocated = TRUE FOR UPDATE", Rows::fixedIp, address, vifUuid);
        return ip.isEmpty() ? Optional.empty() : Optional.of(releaseRow(c, ip.get(), now));
    }

    private FixedIp releaseRow(Connection c, FixedIp ip, Instant now) throws SQLException {
        long address = Rows.value(ip.address());
        Jdbc.update(c, "DELETE FROM legacy_macs WHERE address = ?", address);
        FloatingIpStatements.fixedReleased(c, address);
        if (ip.leased()) {
            Jdbc.update(c, "UPDATE fixed_ips SET allocated = FALSE, vif_id = NULL, vif_uuid = NULL, released_at = ?, change_seq = "
                    + dialect.stamp() + " WHERE address = ?", now, address);
        } else {
            Jdbc.update(c, "DELETE FROM fixed_ips WHERE address = ?", address);
            Jdbc.update(c, dialect.stampRelease(), address);
        }
        return new FixedIp(ip.networkId(), ip.address(), false, false, ip.leased(), ip.instance(), ip.mac(), Optional.of(now));
    }

    /** Tells this store's picture of the network what a committed release did. */
    void follow(FixedIp released) {
        book.known(released.networkId()).ifPresent(free -> {
            long address = Rows.value(released.address());
            if (released.leased()) {
                free.released(address, released.releasedAt().orElseThrow());
            } else {
                free.freed(address);
            }
        });
    }

    int reclaimStale(Instant staleBefore) {
        int reclaimed = tx.unstamped(c -> Jdbc.update(c, "DELETE FROM fixed_ips WHERE allocated = FALSE AND reserved = FALSE"
                + " AND released_at < ?", staleBefore));
        if (reclaimed > 0) {
            book.invalidateAll();
        }
        return reclaimed;
    }
}
