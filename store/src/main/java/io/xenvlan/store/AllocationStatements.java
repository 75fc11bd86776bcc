package io.xenvlan.store;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.AllocationRequest;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Allocation: one INSERT of the address's row, the VIF in it, in one short transaction. The free
 * address is picked in memory ({@link FreeAddresses}); the row's primary key settles races with
 * other processes (a lost address is marked taken and the next one tried: PostgreSQL's
 * {@code ON CONFLICT DO NOTHING} keeps the transaction alive, H2 undoes only the failed statement).
 * The INSERT reads the network's owner ({@code network_owners}) as its condition, so an allocation
 * for a network the project lost inserts nothing (PostgreSQL also takes a key-share lock on that
 * row, which a racing disassociation or deletion waits for; on H2 those run exclusive of every
 * writer of this store). The project's network is remembered, so the common allocation reads nothing.
 */
final class AllocationStatements {
    private static final int LOSSES_BEFORE_RELOAD = 16;
    private static final String DELETE_REUSABLE = "DELETE FROM fixed_ips WHERE address = ? AND allocated = FALSE AND reserved = FALSE"
            + " AND (leased = FALSE OR released_at < ?)";

    private final Transactions tx;
    private final Dialect dialect;
    private final NetworkStatements networks;
    private final AddressBook book;
    private final VifIds vifIds;
    private final String insertOrSkip;
    private final String insert;

    AllocationStatements(Transactions tx, NetworkStatements networks, AddressBook book) {
        this.tx = tx;
        this.dialect = tx.dialect();
        this.networks = networks;
        this.book = book;
        this.vifIds = new VifIds(dialect);
        String insert = "INSERT INTO fixed_ips (address, network_id, reserved, allocated, leased, vif_id, vif_uuid, mac, instance_id,"
                + " created_at, change_seq) SELECT ?, n.id, FALSE, TRUE, FALSE, ?, ?, ?, ?, ?, " + dialect.stamp()
                + " FROM network_owners n WHERE n.id = ? AND n.project_id = ?" + dialect.keyShareLock();
        this.insert = insert;
        this.insertOrSkip = insert + dialect.onAddressConflictSkip();
    }

    Allocation allocate(AllocationRequest r) {
        if (r.address().isEmpty()) {
            Optional<Network> known = book.networkOf(r.project());
            if (known.isPresent()) {
                Optional<Allocation> fast = inTransaction(picks -> c -> recordOnVif(c, r, insertFree(c, known.get(), r, true, picks)));
                if (fast.isPresent()) {
                    return fast.get();
                }
                book.forgetOwner(r.project()); // the project lost that network: read (or associate) anew
            }
        }
        Allocation a = inTransaction(picks -> c -> {
            Network n = NetworkStatements.ofProject(c, r.project(), "").orElse(null);
            if (n == null) {
                n = networks.claimFree(c, r.project());
            }
            if (r.address().isPresent()) {
                return recordOnVif(c, r, Optional.of(insertRequested(c, n, r)));
            }
            return recordOnVif(c, r, Optional.of(insertFree(c, n, r, false, picks)
                    .orElseThrow(() -> new SQLTransientException("network of project " + r.project() + " changed", "40001"))));
        }).orElseThrow();
        book.owns(r.project(), a.network());
        if (r.address().isPresent()) {
            book.known(a.network().id()).ifPresent(f -> f.takenByRequest(Rows.value(a.address())));
        }
        return a;
    }

    /**
     * An allocation for a VIF an attach recorded first: its address, network and MAC go on the VIF's
     * row in the same transaction, so an address an attach allocated is always found from its VIF.
     * The VIF must still be attaching: an attach whose intent recovery undid allocates nothing.
     */
    private static Optional<Allocation> recordOnVif(Connection c, AllocationRequest r, Optional<Allocation> a) throws SQLException {
        if (a.isEmpty() || r.vifUuid().isEmpty()) {
            return a;
        }
        Allocation allocation = a.get();
        if (Jdbc.update(c, "UPDATE xen_vifs SET address = ?, network_id = ?, mac = ? WHERE vif_uuid = ? AND state = 'attaching'",
                Rows.value(allocation.address()), allocation.network().id(), allocation.mac().bits(), allocation.vifUuid()) != 1) {
            throw new ConflictException("vif: no attach of VIF " + allocation.vifUuid() + " is in progress (it was undone)",
                    Map.of("field", "vif", "rule", "attaching", "vif", allocation.vifUuid().toString()));
        }
        return a;
    }

    /** Runs the work in a write transaction, settling its address pick on commit and giving it back otherwise. */
    private <T> T inTransaction(java.util.function.Function<Picks, Transactions.Work<T>> work) {
        Picks picks = new Picks();
        try {
            T result = tx.stamped(c -> {
                picks.giveBack(); // a retried attempt starts afresh
                return work.apply(picks).run(c);
            });
            picks.settle();
            return result;
        } finally {
            picks.giveBack();
        }
    }

    /**
     * Inserts the lowest free address of the network. Empty when the project no longer owns the
     * network ({@code known}: the remembered owner; else the network was read in this transaction).
     */
    private Optional<Allocation> insertFree(Connection c, Network n, AllocationRequest r, boolean known, Picks picks)
            throws SQLException {
        FreeAddresses free = book.free(c, n.id());
        UUID vifUuid = r.vifUuid().orElseGet(Uuids::random);
        long vifId = vifIds.next(c);
        boolean reloaded = false;
        int losses = 0;
        for (;;) {
            FreeAddresses.Pick pick = free.pick(r.staleBefore());
            if (pick == null) {
                if (!reloaded) {
                    AddressBook.reload(c, free); // other processes may have freed some
                    reloaded = true;
                    continue;
                }
                if (known && !owned(c, n, r.project())) {
                    return Optional.empty();
                }
                throw new ExhaustedException("address: no free address in network '" + n.label() + "' (" + n.cidr() + ")",
                        Map.of("field", "address", "rule", "free-address", "network", n.label().value()));
            }
            picks.hold(free, pick);
            long address = pick.address();
            if (pick.hasRow() && Jdbc.update(c, DELETE_REUSABLE, address, r.staleBefore()) == 0) {
                picks.lost();
                continue;
            }
            int inserted = insert(c, insertOrSkip, n, r, address, vifId, vifUuid, free.mac(address));
            if (inserted == 1) {
                return Optional.of(new Allocation(vifId, vifUuid, r.instance(), new MacAddress(free.mac(address)), Rows.address(address), n));
            }
            if (inserted == 0 && (!dialect.skipsAddressConflicts() || !owned(c, n, r.project()))) {
                picks.giveBack();
                if (known) {
                    return Optional.empty();
                }
                throw new SQLTransientException("network of project " + r.project() + " changed", "40001");
            }
            picks.lost(); // another process (or store) holds the address
            if (++losses % LOSSES_BEFORE_RELOAD == 0) {
                AddressBook.reload(c, free);
            }
        }
    }

    /** 1 inserted, 0 nothing (the project does not own the network, or on PostgreSQL the address is taken), -1 taken (H2). */
    private int insert(Connection c, String sql, Network n, AllocationRequest r, long address, long vifId, UUID vifUuid, long mac)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, address);
            ps.setLong(2, vifId);
            ps.setObject(3, vifUuid);
            ps.setLong(4, mac);
            ps.setString(5, r.instance().value());
            ps.setObject(6, OffsetDateTime.ofInstant(r.now(), ZoneOffset.UTC));
            ps.setLong(7, n.id());
            ps.setString(8, r.project().value());
            return ps.executeUpdate();
        } catch (SQLException e) {
            if (!dialect.skipsAddressConflicts() && SqlErrors.uniqueViolation(e, "")) {
                return -1; // H2 undid this statement only; the transaction goes on
            }
            throw e;
        }
    }

    private static boolean owned(Connection c, Network n, ProjectId project) throws SQLException {
        return Jdbc.first(c, "SELECT id FROM network_owners WHERE id = ? AND project_id = ?", rs -> 1, n.id(), project.value()).isPresent();
    }

    private Allocation insertRequested(Connection c, Network n, AllocationRequest r) throws SQLException {
        Ipv4Address wanted = r.address().orElseThrow();
        if (!n.cidr().contains(wanted)) {
            throw new InvalidInputException("address", "in-network", "address: " + wanted + " is not in network '"
                    + n.label() + "' (" + n.cidr() + ") of project " + r.project());
        }
        long address = Rows.value(wanted);
        Optional<Held> held = Jdbc.first(c, "SELECT reserved, allocated, leased, released_at, instance_id FROM fixed_ips"
                + " WHERE address = ? FOR UPDATE", rs -> new Held(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3),
                Jdbc.instant(rs, "released_at"), Optional.ofNullable(rs.getString(5))), address);
        if (held.isPresent()) {
            refuseHeld(n, wanted, held.get(), r.staleBefore());
            Jdbc.update(c, "DELETE FROM fixed_ips WHERE address = ?", address); // released, and its lease is gone or stale
        }
        FreeAddresses free = book.free(c, n.id());
        long mac = free.mac(address);
        if (Jdbc.first(c, "SELECT address FROM legacy_macs WHERE mac = ?", rs -> 1, mac).isPresent()) {
            throw new ConflictException("address: " + wanted + " is held back: its MAC " + new MacAddress(mac)
                    + " still belongs to a VIF made before MACs were derived from addresses",
                    Map.of("field", "address", "rule", "free", "address", wanted.toString()));
        }
        UUID vifUuid = r.vifUuid().orElseGet(Uuids::random);
        long vifId = vifIds.next(c);
        if (insert(c, insert, n, r, address, vifId, vifUuid, mac) != 1) {
            throw new SQLTransientException("network of project " + r.project() + " changed", "40001");
        }
        return new Allocation(vifId, vifUuid, r.instance(), new MacAddress(mac), wanted, n);
    }

    /** The state of a requested address's row. */
    private record Held(boolean reserved, boolean allocated, boolean leased, Optional<Instant> releasedAt, Optional<String> instance) {}

    private static void refuseHeld(Network n, Ipv4Address wanted, Held h, Instant staleBefore) {
        if (h.reserved()) {
            throw new InvalidInputException("address", "not-reserved", "address: " + wanted
                    + " is reserved (network, gateway, DHCP server or broadcast of '" + n.label() + "')");
        }
        if (h.allocated()) {
            throw new ConflictException("address: " + wanted + " is already allocated" + h.instance().map(i -> " to instance " + i).orElse(""),
                    Map.of("field", "address", "rule", "free", "address", wanted.toString()));
        }
        if (h.leased() && h.releasedAt().map(t -> !t.isBefore(staleBefore)).orElse(true)) {
            throw new ConflictException("address: " + wanted + " was released but dnsmasq still holds its lease (free after the stale timeout)",
                    Map.of("field", "address", "rule", "free", "address", wanted.toString()));
        }
    }

    /** The address one allocation picked, until its transaction ends. */
    private static final class Picks {
        private FreeAddresses free;
        private FreeAddresses.Pick pick;

        void hold(FreeAddresses f, FreeAddresses.Pick p) {
            free = f;
            pick = p;
        }

        void lost() {
            free.lost(pick.address());
            pick = null;
        }

        void settle() {
            if (pick != null) {
                free.settled(pick.address());
                pick = null;
            }
        }

        void giveBack() {
            if (pick != null) {
                free.givenBack(pick);
                pick = null;
            }
        }
    }
}
