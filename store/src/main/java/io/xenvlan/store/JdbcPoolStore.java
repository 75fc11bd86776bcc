package io.xenvlan.store;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.hypervisor.PasswordSource;
import io.xenvlan.core.hypervisor.PlacedVif;
import io.xenvlan.core.hypervisor.PoolName;
import io.xenvlan.core.hypervisor.PoolSettings;
import io.xenvlan.core.hypervisor.PoolStore;
import io.xenvlan.core.hypervisor.PoolTls;
import io.xenvlan.core.hypervisor.VifDriver;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.MacAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@link PoolStore} in the same database as the {@link JdbcStore} (tables from V10). The
 * (pool, network) row is the cross-process lock of {@link #ensureNetworkOnce}: SELECT ... FOR
 * UPDATE holds it while the XenAPI work runs, so racing attaches in any process wait and then
 * see the ref the first one recorded.
 */
public final class JdbcPoolStore implements PoolStore {
    private static final String POOL_COLUMNS =
            "name, url, username, password_source, vif_driver, integration_network, tls_mode, tls_value";
    private static final String VIF_COLUMNS =
            "v.vif_uuid, p.name, v.vm_uuid, v.mac, v.vif_ref, v.network_ref, v.device, v.plugged";

    private final Transactions tx;
    private final Clock clock;

    private JdbcPoolStore(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** The pool store living in {@code store}'s database. */
    public static JdbcPoolStore on(JdbcStore store, Clock clock) {
        String url;
        try (Connection c = store.dataSource().getConnection()) {
            url = c.getMetaData().getURL();
        } catch (SQLException e) {
            throw SqlErrors.failure(e);
        }
        return new JdbcPoolStore(new Transactions(store.dataSource(), Dialect.of(url)), clock);
    }

    @Override
    public void addPool(PoolSettings pool) {
        tx.read(c -> {
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
        return tx.read(c -> Jdbc.list(c, "SELECT " + POOL_COLUMNS + " FROM xen_pools ORDER BY name", JdbcPoolStore::pool));
    }

    @Override
    public Optional<PoolSettings> pool(PoolName name) {
        return tx.read(c -> Jdbc.first(c, "SELECT " + POOL_COLUMNS + " FROM xen_pools WHERE name = ?",
                JdbcPoolStore::pool, name.value()));
    }

    @Override
    public void removePool(PoolName name) {
        tx.read(c -> {
            long id = poolId(c, name);
            if (Jdbc.first(c, "SELECT 1 FROM xen_vifs WHERE pool_id = ?", rs -> 1, id).isPresent()) {
                throw new ConflictException("pool: " + name + " still has VIFs attached by xenvlan; detach them first",
                        Map.of("pool", name.value()));
            }
            Jdbc.update(c, "DELETE FROM xen_pool_networks WHERE pool_id = ?", id);
            return Jdbc.update(c, "DELETE FROM xen_pools WHERE id = ?", id);
        });
    }

    @Override
    public Optional<String> networkRef(PoolName pool, long networkId) {
        return tx.read(c -> Jdbc.first(c, "SELECT n.network_ref FROM xen_pool_networks n JOIN xen_pools p ON p.id = n.pool_id"
                + " WHERE p.name = ? AND n.network_id = ?", rs -> rs.getString(1), pool.value(), networkId)
                .flatMap(Optional::ofNullable));
    }

    @Override
    public String ensureNetworkOnce(PoolName pool, Network network, Function<Optional<String>, String> ensure) {
        return tx.read(c -> {
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
    public void recordVif(PlacedVif vif) {
        tx.read(c -> {
            long poolId = poolId(c, vif.pool());
            Jdbc.update(c, "DELETE FROM xen_vifs WHERE vif_uuid = ?", vif.xenvlanVifUuid());
            return Jdbc.update(c, "INSERT INTO xen_vifs (vif_uuid, pool_id, vm_uuid, mac, vif_ref, network_ref, device, plugged,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", vif.xenvlanVifUuid(), poolId, vif.vmUuid(),
                    vif.mac().bits(), vif.vifRef(), vif.networkRef(), vif.device(), vif.plugged(), clock.instant());
        });
    }

    @Override
    public Optional<PlacedVif> vif(UUID xenvlanVifUuid) {
        return tx.read(c -> Jdbc.first(c, "SELECT " + VIF_COLUMNS + " FROM xen_vifs v JOIN xen_pools p ON p.id = v.pool_id"
                + " WHERE v.vif_uuid = ?", JdbcPoolStore::vif, xenvlanVifUuid));
    }

    @Override
    public List<PlacedVif> vifsOfVm(PoolName pool, String vmUuid) {
        return tx.read(c -> Jdbc.list(c, "SELECT " + VIF_COLUMNS + " FROM xen_vifs v JOIN xen_pools p ON p.id = v.pool_id"
                + " WHERE p.name = ? AND v.vm_uuid = ? ORDER BY v.device", JdbcPoolStore::vif, pool.value(), vmUuid));
    }

    @Override
    public void forgetVif(UUID xenvlanVifUuid) {
        tx.read(c -> Jdbc.update(c, "DELETE FROM xen_vifs WHERE vif_uuid = ?", xenvlanVifUuid));
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

    private static PlacedVif vif(ResultSet rs) throws SQLException {
        return new PlacedVif(rs.getObject(1, UUID.class), PoolName.of(rs.getString(2)), rs.getString(3),
                new MacAddress(rs.getLong(4)), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8));
    }
}
