package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * One row per address in use instead of one per address of every network: the new {@code fixed_ips}
 * holds only reserved, allocated and released-but-still-leased addresses, keyed by the address
 * (the primary key settles races between allocations, as Neutron's IP allocation table does), and
 * carries the VIF (id, uuid, MAC, instance) that used to live in {@code virtual_interfaces}.
 * Free addresses are no rows at all, so an allocation is one INSERT.
 *
 * <p>Each network gets a disjoint block of the 24-bit {@code fa:16:3e} MAC space ({@code mac_base});
 * an address's MAC is {@code fa:16:3e} + mac_base + its offset in the network, unique by
 * construction, so the table needs no MAC index and an allocation never retries for a MAC.
 * Existing networks get blocks in id order; existing VIFs keep their random MACs, and
 * {@code legacy_macs} remembers those, so no address whose derived MAC one of them holds is handed
 * out while it is held.
 *
 * <p>VIF ids keep their values; new ones come in blocks of {@link #VIF_ID_BLOCK} from
 * {@code vif_id_blocks}. A released address whose row is deleted leaves a stamp in
 * {@code address_releases}, so the change sequence grows on such releases too. Secondary indexes
 * differ by database: PostgreSQL indexes the change stamp (its change sequence is a MAX below the
 * oldest running transaction) and the instance; H2 reads its change sequence from the sequence
 * itself and scans for an instance's addresses, keeping the allocation at one index write.
 */
public class V6__Address_allocations extends BaseJavaMigration {
    /** VIF ids handed out per value of {@code vif_id_blocks}; the store uses the same number. */
    public static final long VIF_ID_BLOCK = 1024;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean h2 = "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE networks ADD COLUMN mac_base BIGINT");
            s.execute("UPDATE networks SET mac_base = (SELECT COALESCE(SUM(o.last_address - o.first_address + 1), 0)"
                    + " FROM networks o WHERE o.id < networks.id)");
            s.execute("ALTER TABLE networks ALTER COLUMN mac_base SET NOT NULL");
            s.execute("ALTER TABLE networks ADD CONSTRAINT uq_networks_mac_base UNIQUE (mac_base)");
            s.execute("ALTER TABLE networks ADD CONSTRAINT ck_networks_mac_block"
                    + " CHECK (mac_base >= 0 AND mac_base + last_address - first_address < 16777216)");

            s.execute("CREATE TABLE address_allocations ("
                    + " address       BIGINT PRIMARY KEY,"
                    + " network_id    BIGINT NOT NULL,"
                    + " reserved      BOOLEAN NOT NULL,"
                    + " allocated     BOOLEAN NOT NULL,"
                    + " leased        BOOLEAN NOT NULL,"
                    + " vif_id        BIGINT,"
                    + " vif_uuid      UUID,"
                    + " mac           BIGINT,"
                    + " instance_id   VARCHAR(64),"
                    + " created_at    TIMESTAMP WITH TIME ZONE,"
                    + " released_at   TIMESTAMP WITH TIME ZONE,"
                    + " lease_expires TIMESTAMP WITH TIME ZONE,"
                    + " change_seq    BIGINT NOT NULL)");
            s.execute("INSERT INTO address_allocations (address, network_id, reserved, allocated, leased, vif_id, vif_uuid, mac,"
                    + " instance_id, created_at, released_at, lease_expires, change_seq)"
                    + " SELECT f.address, f.network_id, f.reserved, f.allocated, f.leased,"
                    + " CASE WHEN f.allocated THEN v.id END, CASE WHEN f.allocated THEN v.uuid END, f.mac,"
                    + " f.instance_id, v.created_at, f.released_at, f.lease_expires, f.change_seq"
                    + " FROM fixed_ips f LEFT JOIN virtual_interfaces v ON v.id = f.vif_id"
                    + " WHERE f.reserved OR f.allocated OR f.leased");

            s.execute("CREATE TABLE legacy_macs (address BIGINT PRIMARY KEY, mac BIGINT NOT NULL)");
            s.execute("INSERT INTO legacy_macs (address, mac) SELECT a.address, a.mac FROM address_allocations a"
                    + " JOIN networks n ON n.id = a.network_id WHERE a.allocated AND a.mac IS NOT NULL"
                    + " AND a.mac <> 275354031407104 + n.mac_base + a.address - n.first_address"); // 0xfa163e000000

            long maxVifId;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM virtual_interfaces")) {
                rs.next();
                maxVifId = rs.getLong(1);
            }
            s.execute("CREATE SEQUENCE vif_id_blocks START WITH " + (maxVifId / VIF_ID_BLOCK + 1));

            s.execute("DROP TABLE fixed_ips");
            s.execute("DROP TABLE virtual_interfaces");
            s.execute("ALTER TABLE address_allocations RENAME TO fixed_ips");

            s.execute("CREATE TABLE address_releases (address BIGINT PRIMARY KEY, change_seq BIGINT NOT NULL)");
            s.execute("CREATE INDEX ix_address_releases_change_seq ON address_releases (change_seq)");
            if (!h2) {
                s.execute("CREATE INDEX ix_fixed_ips_change_seq ON fixed_ips (change_seq)");
                s.execute("CREATE INDEX ix_fixed_ips_instance ON fixed_ips (instance_id)");
            }
        }
    }
}
