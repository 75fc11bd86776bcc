package io.xenvlan.store;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.StoredVif;
import io.xenvlan.core.hypervisor.UnrecordedAddress;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.hypervisor.VmClaim;
import io.xenvlan.core.hypervisor.Worker;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.port.PoolStore;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@link PoolStore} in the same database as the {@link JdbcStore} (tables from V10 and V32), in
 * its transactions. The (pool, network) row is the cross-process lock of {@link #ensureNetworkOnce}:
 * SELECT ... FOR UPDATE holds it while the XenAPI work runs, so racing attaches in any process
 * wait and then see the ref the first one recorded. A VM's row in {@code xen_vms} carries its
 * owner and its claim; whether a claim's worker lives is judged in the database's own time, so
 * the clocks of the processes do not matter.
 */
public final class JdbcPoolStore implements PoolStore {
    private static final String POOL_COLUMNS =
            "name, url, username, password_source, vif_driver, integration_network, tls_mode, tls_value";
    private static final String VIF_COLUMNS = "v.vif_uuid, p.name AS pool_name, v.vm_uuid, v.nic, v.state, v.project_id,"
            + " v.network_id, v.address, v.mac, v.rate_kbps, v.locking_mode, v.vif_ref, v.network_ref, v.device, v.plugged, v.created_at";
    private static final String VIF_FROM = " FROM xen_vifs v JOIN xen_pools p ON p.id = v.pool_id";
    /** Workers silent for a day and holding nothing are forgotten when another one registers. */
    private static final Duration FORGET_WORKERS_AFTER = Duration.ofDays(1);

    private final JdbcStore store;
    private final Transactions tx;
    private final Clock clock;
    private volatile UUID deployment;

    private JdbcPoolStore(JdbcStore store, Clock clock) {
        this.store = store;
        this.tx = store.transactions();
        this.clock = clock;
    }

    /** The pool store living in {@code store}'s database. */
    public static JdbcPoolStore on(JdbcStore store, Clock clock) {
        return new JdbcPoolStore(store, clock);
    }

    @Override
    public void addPool(PoolSettings pool) {
        tx.unstamped(c -> {
            if (Jdbc.first(c, "SELECT id FROM xen_pools WHERE name = ?", rs -> rs.getLong(1), pool.name().value()).isPresent()) {
                throw new ConflictException("pool: a pool named " + pool.name() + " exists", Map.of("pool", pool.name().value()));
            }
            return Jdbc.update(c, "INSERT INTO xen_pools (" + POOL_COLUMNS + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    pool.name().value(), pool.url().toString(), pool.username(), pool.password().describe(),
                    pool.vifDriver().wireName(), pool.integrationNetwork().orElse(null), pool.tls().mode().name(),
                    pool.tls().value().orElse(null), clock.instant());
        });
    }

    @Override
    public List<PoolSettings> pools() {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT " + POOL_COLUMNS + " FROM xen_pools ORDER BY name", JdbcPoolStore::pool));
    }

    @Override
    public Optional<PoolSettings> pool(PoolName name) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT " + POOL_COLUMNS + " FROM xen_pools WHERE name = ?",
                JdbcPoolStore::pool, name.value()));
    }

    @Override
    public void removePool(PoolName name) {
        tx.unstamped(c -> {
            long id = poolId(c, name);
            if (Jdbc.first(c, "SELECT 1 FROM xen_vifs WHERE pool_id = ?", rs -> 1, id).isPresent()) {
                throw new ConflictException("pool: " + name + " still has VIFs attached by xenvlan; detach them first",
                        Map.of("pool", name.value()));
            }
            Jdbc.update(c, "DELETE FROM xen_vms WHERE pool_id = ?", id);
            Jdbc.update(c, "DELETE FROM xen_pool_networks WHERE pool_id = ?", id);
            return Jdbc.update(c, "DELETE FROM xen_pools WHERE id = ?", id);
        });
    }

    @Override
    public Optional<String> networkRef(PoolName pool, long networkId) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT n.network_ref FROM xen_pool_networks n JOIN xen_pools p ON p.id = n.pool_id"
                + " WHERE p.name = ? AND n.network_id = ?", rs -> rs.getString(1), pool.value(), networkId)
                .flatMap(Optional::ofNullable));
    }

    @Override
    public String ensureNetworkOnce(PoolName pool, Network network, Function<Optional<String>, String> ensure) {
        return tx.unstamped(c -> {
            long poolId = poolId(c, pool);
            if (Jdbc.first(c, "SELECT id FROM networks WHERE id = ?", rs -> 1, network.id()).isEmpty()) {
                throw new NotFoundException("network", Long.toString(network.id()));
            }
            // A racing insert of the same row fails with a unique violation; Transactions retries,
            // and the retry finds the row and waits on its lock.
            Jdbc.update(c, "INSERT INTO xen_pool_networks (pool_id, network_id, network_ref, updated_at)"
                    + " SELECT ?, ?, NULL, ? FROM (VALUES (0)) AS one (x) WHERE NOT EXISTS (SELECT 1 FROM xen_pool_networks"
                    + " WHERE pool_id = ? AND network_id = ?)", poolId, network.id(), clock.instant(), poolId, network.id());
            Optional<String> recorded = Jdbc.first(c, "SELECT network_ref FROM xen_pool_networks WHERE pool_id = ?"
                    + " AND network_id = ? FOR UPDATE", rs -> Optional.ofNullable(rs.getString(1)), poolId, network.id())
                    .orElseThrow();
            String ref = ensure.apply(recorded);
            if (!Optional.of(ref).equals(recorded)) {
                Jdbc.update(c, "UPDATE xen_pool_networks SET network_ref = ?, updated_at = ? WHERE pool_id = ? AND network_id = ?",
                        ref, clock.instant(), poolId, network.id());
            }
            return ref;
        });
    }

    @Override
    public UUID deployment() {
        UUID id = deployment;
        if (id == null) {
            id = tx.unstamped(c -> Jdbc.first(c, "SELECT id FROM xen_deployment", rs -> rs.getObject(1, UUID.class)).orElseThrow());
            deployment = id;
        }
        return id;
    }

    @Override
    public void heartbeat(Worker worker) {
        tx.unstamped(c -> {
            if (Jdbc.update(c, "UPDATE xen_workers SET heartbeat_at = CURRENT_TIMESTAMP WHERE id = ?", worker.id()) == 1) {
                return null;
            }
            Jdbc.update(c, "DELETE FROM xen_workers WHERE heartbeat_at < ? AND id NOT IN (SELECT claimed_by FROM xen_vms"
                    + " WHERE claimed_by IS NOT NULL)", databaseNow(c).minus(FORGET_WORKERS_AFTER));
            return Jdbc.update(c, "INSERT INTO xen_workers (id, name, started_at, heartbeat_at) VALUES (?, ?, CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP)", worker.id(), worker.name());
        });
    }

    @Override
    public void retire(Worker worker) {
        tx.unstamped(c -> {
            Jdbc.update(c, "UPDATE xen_vms SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = ?", worker.id());
            return Jdbc.update(c, "DELETE FROM xen_workers WHERE id = ?", worker.id());
        });
    }

    @Override
    public int retireAllBut(Worker worker) {
        return tx.unstamped(c -> {
            Jdbc.update(c, "UPDATE xen_vms SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by <> ?", worker.id());
            return Jdbc.update(c, "DELETE FROM xen_workers WHERE id <> ?", worker.id());
        });
    }

    /** The database's time, which every process judges heartbeats by. */
    private static OffsetDateTime databaseNow(Connection c) throws SQLException {
        return Jdbc.first(c, "SELECT CURRENT_TIMESTAMP", rs -> rs.getObject(1, OffsetDateTime.class)).orElseThrow();
    }

    /** A claim held by nobody, by this worker, or by a worker whose heartbeat is older than the cutoff. */
    private static final String CLAIMABLE = "(claimed_by IS NULL OR claimed_by = ? OR NOT EXISTS (SELECT 1 FROM xen_workers w"
            + " WHERE w.id = xen_vms.claimed_by AND w.heartbeat_at >= ?))";

    @Override
    public Optional<ProjectId> vmOwner(PoolName pool, InstanceId vmUuid) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT m.project_id FROM xen_pools p LEFT JOIN xen_vms m ON m.pool_id = p.id"
                + " AND m.vm_uuid = ? WHERE p.name = ?", rs -> Optional.ofNullable(rs.getString(1)), vmUuid.value(), pool.value())
                .orElseThrow(() -> new NotFoundException("pool", pool.value())).map(ProjectId::of));
    }

    @Override
    public Optional<VmClaim> claimVm(PoolName pool, InstanceId vmUuid, Worker worker, Duration staleAfter) {
        return tx.unstamped(c -> {
            long poolId = poolId(c, pool);
            // a racing first claim of the same VM fails on the primary key; Transactions retries and the retry updates
            int inserted = Jdbc.update(c, "INSERT INTO xen_vms (pool_id, vm_uuid, claimed_by, claimed_at) SELECT ?, ?, ?,"
                    + " CURRENT_TIMESTAMP FROM (VALUES (0)) AS one (x) WHERE NOT EXISTS (SELECT 1 FROM xen_vms WHERE pool_id = ?"
                    + " AND vm_uuid = ?)", poolId, vmUuid.value(), worker.id(), poolId, vmUuid.value());
            if (inserted == 0 && Jdbc.update(c, "UPDATE xen_vms SET claimed_by = ?, claimed_at = CURRENT_TIMESTAMP WHERE pool_id = ?"
                    + " AND vm_uuid = ? AND " + CLAIMABLE, worker.id(), poolId, vmUuid.value(), worker.id(),
                    databaseNow(c).minus(staleAfter)) == 0) {
                return Optional.<VmClaim>empty();
            }
            Optional<ProjectId> owner = Jdbc.first(c, "SELECT project_id FROM xen_vms WHERE pool_id = ? AND vm_uuid = ?",
                    rs -> Optional.ofNullable(rs.getString(1)), poolId, vmUuid.value()).flatMap(o -> o).map(ProjectId::of);
            List<StoredVif> vifs = Jdbc.list(c, "SELECT " + VIF_COLUMNS + VIF_FROM + " WHERE v.pool_id = ? AND v.vm_uuid = ?"
                    + " ORDER BY v.nic", VifRows::storedVif, poolId, vmUuid.value());
            return Optional.of(new VmClaim(pool, vmUuid, owner, vifs));
        });
    }

    @Override
    public void releaseVm(PoolName pool, InstanceId vmUuid, Worker worker) {
        tx.unstamped(c -> Jdbc.update(c, "UPDATE xen_vms SET claimed_by = NULL, claimed_at = NULL WHERE pool_id = (SELECT id FROM"
                + " xen_pools WHERE name = ?) AND vm_uuid = ? AND claimed_by = ?", pool.value(), vmUuid.value(), worker.id()));
    }

    @Override
    public List<InstanceId> vmsToRecover(PoolName pool, Duration staleAfter) {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT DISTINCT v.vm_uuid" + VIF_FROM + " LEFT JOIN xen_vms m ON m.pool_id = v.pool_id"
                + " AND m.vm_uuid = v.vm_uuid WHERE p.name = ? AND v.state <> 'attached' AND (m.claimed_by IS NULL OR NOT EXISTS"
                + " (SELECT 1 FROM xen_workers w WHERE w.id = m.claimed_by AND w.heartbeat_at >= ?)) ORDER BY v.vm_uuid",
                VifRows::vm, pool.value(), databaseNow(c).minus(staleAfter)));
    }

    @Override
    public UUID beginAttach(PoolName pool, InstanceId vmUuid, int nic, ProjectId project, OptionalLong rateKbps) {
        UUID uuid = Uuids.random();
        tx.unstamped(c -> {
            long poolId = poolId(c, pool);
            Optional<String> held = Jdbc.first(c, "SELECT vif_uuid FROM xen_vifs WHERE pool_id = ? AND vm_uuid = ? AND nic = ?",
                    rs -> rs.getString(1), poolId, vmUuid.value(), nic);
            if (held.isPresent()) {
                throw new ConflictException("vm: VM " + vmUuid + " has NIC " + nic + " already (VIF " + held.get() + ")",
                        Map.of("field", "nic", "rule", "free", "vm", vmUuid.value(), "nic", nic, "vif", held.get()));
            }
            return Jdbc.update(c, "INSERT INTO xen_vifs (vif_uuid, pool_id, vm_uuid, nic, state, project_id, rate_kbps, locking_mode,"
                    + " plugged, created_at) VALUES (?, ?, ?, ?, 'attaching', ?, ?, 'locked', FALSE, ?)", uuid, poolId, vmUuid.value(), nic,
                    project.value(), rateKbps.isPresent() ? rateKbps.getAsLong() : null, clock.instant());
        });
        return uuid;
    }

    @Override
    public void finishAttach(PlacedVif placed) {
        tx.unstamped(c -> {
            if (Jdbc.update(c, "UPDATE xen_vifs SET state = 'attached', mac = ?, vif_ref = ?, network_ref = ?, device = ?, plugged = ?"
                    + " WHERE vif_uuid = ? AND state IN ('attaching', 'attached')", placed.mac().bits(), placed.vifRef(),
                    placed.networkRef(), placed.device(), placed.plugged(), placed.xenvlanVifUuid()) != 1) {
                throw new ConflictException("vif: VIF " + placed.xenvlanVifUuid() + " is no longer being attached (an interrupted"
                        + " operation was undone meanwhile)", Map.of("field", "vif", "rule", "attaching",
                        "vif", placed.xenvlanVifUuid().toString()));
            }
            return Jdbc.update(c, "UPDATE xen_vms SET project_id = (SELECT project_id FROM xen_vifs WHERE vif_uuid = ?)"
                    + " WHERE pool_id = (SELECT pool_id FROM xen_vifs WHERE vif_uuid = ?) AND vm_uuid = ? AND project_id IS NULL",
                    placed.xenvlanVifUuid(), placed.xenvlanVifUuid(), placed.vmUuid().value());
        });
    }

    @Override
    public void beginDetach(UUID xenvlanVifUuid) {
        tx.unstamped(c -> Jdbc.update(c, "UPDATE xen_vifs SET state = 'detaching' WHERE vif_uuid = ?", xenvlanVifUuid));
    }

    /** What one forgetting did, committed. */
    private record Forgotten(Optional<StoredVif> vif, Optional<FixedIp> released) {}

    @Override
    public Optional<StoredVif> forgetVif(UUID xenvlanVifUuid, Instant now) {
        ReleaseStatements releases = store.releases();
        Forgotten done = tx.stamped(c -> {
            Optional<StoredVif> vif = Jdbc.first(c, "SELECT " + VIF_COLUMNS + VIF_FROM + " WHERE v.vif_uuid = ? FOR UPDATE",
                    VifRows::storedVif, xenvlanVifUuid);
            // an attach records its address on the VIF; an address leaked by an older version has no VIF row
            Optional<Long> address = vif.isPresent() ? vif.get().address().map(Rows::value)
                    : Jdbc.first(c, "SELECT address FROM fixed_ips WHERE vif_uuid = ? AND allocated = TRUE", rs -> rs.getLong(1),
                    xenvlanVifUuid);
            Optional<FixedIp> released = address.isEmpty() ? Optional.empty()
                    : releases.releaseForVif(c, address.get(), xenvlanVifUuid, now);
            Jdbc.update(c, "DELETE FROM xen_vifs WHERE vif_uuid = ?", xenvlanVifUuid);
            return new Forgotten(vif, released);
        });
        done.released().ifPresent(releases::follow);
        return done.vif();
    }

    @Override
    public Optional<StoredVif> vif(UUID xenvlanVifUuid) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT " + VIF_COLUMNS + VIF_FROM + " WHERE v.vif_uuid = ?", VifRows::storedVif,
                xenvlanVifUuid));
    }

    @Override
    public List<StoredVif> vifsOfVm(PoolName pool, InstanceId vmUuid) {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT " + VIF_COLUMNS + VIF_FROM + " WHERE p.name = ? AND v.vm_uuid = ? ORDER BY v.nic",
                VifRows::storedVif, pool.value(), vmUuid.value()));
    }

    @Override
    public List<StoredVif> vifsOfPool(PoolName pool) {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT " + VIF_COLUMNS + VIF_FROM + " WHERE p.name = ? ORDER BY v.vm_uuid, v.nic",
                VifRows::storedVif, pool.value()));
    }

    @Override
    public List<InstanceId> ownedVms(PoolName pool) {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT m.vm_uuid FROM xen_vms m JOIN xen_pools p ON p.id = m.pool_id WHERE p.name = ?"
                + " AND m.project_id IS NOT NULL ORDER BY m.vm_uuid", VifRows::vm, pool.value()));
    }

    @Override
    public List<UnrecordedAddress> unrecordedAddresses() {
        return tx.unstamped(c -> Jdbc.list(c, "SELECT f.address, f.network_id, f.instance_id, f.vif_uuid, f.mac, f.created_at"
                + " FROM fixed_ips f WHERE f.allocated = TRUE AND f.vif_uuid IS NOT NULL AND f.instance_id IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM xen_vifs v WHERE v.vif_uuid = f.vif_uuid) ORDER BY f.address",
                rs -> new UnrecordedAddress(Rows.address(rs.getLong(1)), rs.getLong(2), InstanceId.of(rs.getString(3)), rs.getObject(4, UUID.class),
                        new MacAddress(rs.getLong(5)), Jdbc.instant(rs, "created_at"))));
    }

    private static long poolId(Connection c, PoolName name) throws SQLException {
        return Jdbc.first(c, "SELECT id FROM xen_pools WHERE name = ?", rs -> rs.getLong(1), name.value())
                .orElseThrow(() -> new NotFoundException("pool", name.value()));
    }

    private static PoolSettings pool(ResultSet rs) throws SQLException {
        return new PoolSettings(PoolName.of(rs.getString("name")), URI.create(rs.getString("url")), rs.getString("username"),
                PasswordSource.parse(rs.getString("password_source")), VifDriver.parse(rs.getString("vif_driver")),
                Optional.ofNullable(rs.getString("integration_network")),
                new PoolTls(PoolTls.Mode.valueOf(rs.getString("tls_mode")), Optional.ofNullable(rs.getString("tls_value"))));
    }
}
