package io.xenvlan.store;

import io.xenvlan.core.error.NotFoundException;
import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestView;
import io.xenvlan.core.guest.SshPublicKey;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.port.GuestStore;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link GuestStore} in the same database as the {@link JdbcStore} (table {@code guest_profiles},
 * V37). A VM is found by its fixed IP: the allocated row of the address in the network, joined
 * with the pool its VIF lives on, its profile and the floating IP associated with the address.
 */
public final class JdbcGuestStore implements GuestStore {
    /** The availability zone of an address allocated without a pool (address allocate). */
    static final String NO_POOL_ZONE = "nova";
    private static final String PROFILE_COLUMNS = "g.hostname, g.name, g.public_keys, g.user_data";
    /** A profile whose VIF holds no address any more (detached, or its address released). */
    private static final String RELEASED = "NOT EXISTS (SELECT 1 FROM fixed_ips f WHERE f.vif_uuid = guest_profiles.vif_uuid"
            + " AND f.allocated = TRUE)";

    private final Transactions tx;
    private final Clock clock;

    private JdbcGuestStore(Transactions tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    /** The guest store living in {@code store}'s database. */
    public static JdbcGuestStore on(JdbcStore store, Clock clock) {
        return new JdbcGuestStore(store.transactions(), clock);
    }

    /**
     * Records the profile in the VIF's network. A host name another VIF of the network holds gets
     * the lowest free suffix {@code -2}, {@code -3} ...; the unique key settles races (the loser
     * is retried and picks again); the names of VIFs that hold no address any more are free again
     * (their profiles are forgotten first). The VIF's address row is stamped as changed, so the network
     * node publishes the new name (DHCP and DNS).
     *
     * @return the profile as recorded (its host name may differ from the one asked for)
     * @throws NotFoundException when no allocated address belongs to the VIF
     */
    @Override
    public GuestProfile saveProfile(UUID vifUuid, GuestProfile profile) {
        return tx.stamped(c -> {
            long networkId = Jdbc.first(c, "SELECT network_id FROM fixed_ips WHERE vif_uuid = ? AND allocated = TRUE",
                    rs -> rs.getLong(1), vifUuid).orElseThrow(() -> new NotFoundException("vif", vifUuid.toString()));
            Jdbc.update(c, "DELETE FROM guest_profiles WHERE network_id = ? AND " + RELEASED, networkId);
            Set<String> taken = new HashSet<>(Jdbc.list(c, "SELECT hostname FROM guest_profiles WHERE network_id = ? AND vif_uuid <> ?",
                    rs -> rs.getString(1), networkId, vifUuid));
            Hostname hostname = free(profile.hostname(), taken);
            Jdbc.update(c, "DELETE FROM guest_profiles WHERE vif_uuid = ?", vifUuid);
            Jdbc.update(c, "INSERT INTO guest_profiles (vif_uuid, network_id, hostname, name, public_keys, user_data, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", vifUuid, networkId, hostname.value(), profile.name(),
                    profile.publicKeys().stream().map(SshPublicKey::line).collect(Collectors.joining("\n")),
                    profile.userData().map(UserData::bytes).orElse(null), clock.instant());
            Jdbc.update(c, "UPDATE fixed_ips SET change_seq = " + tx.dialect().stamp() + " WHERE vif_uuid = ? AND allocated = TRUE",
                    vifUuid);
            return new GuestProfile(hostname, profile.name(), profile.publicKeys(), profile.userData());
        });
    }

    /** {@code wanted}, else {@code wanted-N} with the lowest N from 2 that is free, cut to stay one label. */
    static Hostname free(Hostname wanted, Set<String> taken) {
        if (!taken.contains(wanted.value())) {
            return wanted;
        }
        for (int n = 2; ; n++) {
            String suffix = "-" + n;
            String base = wanted.value().length() + suffix.length() > 63 ? wanted.value().substring(0, 63 - suffix.length())
                    : wanted.value();
            String candidate = Hostname.sanitize(base + suffix).value();
            if (!taken.contains(candidate)) {
                return new Hostname(candidate);
            }
        }
    }

    @Override
    public int forgetReleased() {
        return tx.stamped(c -> Jdbc.update(c, "DELETE FROM guest_profiles WHERE " + RELEASED));
    }

    @Override
    public Optional<GuestProfile> profile(UUID vifUuid) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT " + PROFILE_COLUMNS + " FROM guest_profiles g WHERE g.vif_uuid = ?",
                JdbcGuestStore::profile, vifUuid));
    }

    @Override
    public Optional<GuestView> guestAt(long networkId, Ipv4Address address) {
        return tx.unstamped(c -> Jdbc.first(c, "SELECT f.instance_id, f.vif_uuid, f.mac, n.project_id, p.name AS pool,"
                + " fl.address AS floating, " + PROFILE_COLUMNS + " FROM fixed_ips f JOIN networks n ON n.id = f.network_id"
                + " LEFT JOIN xen_vifs x ON x.vif_uuid = f.vif_uuid LEFT JOIN xen_pools p ON p.id = x.pool_id"
                + " LEFT JOIN guest_profiles g ON g.vif_uuid = f.vif_uuid"
                + " LEFT JOIN floating_ips fl ON fl.fixed_address = f.address AND fl.network_id = f.network_id"
                + " WHERE f.address = ? AND f.network_id = ? AND f.allocated = TRUE AND n.project_id IS NOT NULL",
                rs -> view(rs, address), address.unsigned(), networkId));
    }

    private static GuestView view(ResultSet rs, Ipv4Address address) throws SQLException {
        InstanceId instance = InstanceId.of(rs.getString("instance_id"));
        GuestProfile profile = rs.getString("hostname") == null
                ? new GuestProfile(Hostname.sanitize(instance.value()), instance.value(), List.of(), Optional.empty())
                : profile(rs);
        String pool = rs.getString("pool");
        long floating = rs.getLong("floating");
        Optional<Ipv4Address> publicIpv4 = rs.wasNull() ? Optional.empty() : Optional.of(Rows.address(floating));
        return new GuestView(instance, rs.getObject("vif_uuid", UUID.class), address, new MacAddress(rs.getLong("mac")),
                ProjectId.of(rs.getString("project_id")), pool == null ? NO_POOL_ZONE : pool, profile, publicIpv4);
    }

    private static GuestProfile profile(ResultSet rs) throws SQLException {
        String keys = rs.getString("public_keys");
        List<SshPublicKey> parsed = keys.isEmpty() ? List.of()
                : keys.lines().map(line -> SshPublicKey.parse("public_keys", line)).toList();
        byte[] userData = rs.getBytes("user_data");
        return new GuestProfile(new Hostname(rs.getString("hostname")), rs.getString("name"), parsed,
                Optional.ofNullable(userData).map(UserData::of));
    }
}
