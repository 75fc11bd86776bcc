package io.xenvlan.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.core.error.ConflictException;
import io.xenvlan.core.error.ExhaustedException;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.manager.VlanManager;
import io.xenvlan.core.manager.VlanManagerConfig;
import io.xenvlan.core.port.AddressFilter;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.ProjectId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * V6 carries a V5 store over: allocated and released-but-leased addresses keep their VIF id, uuid,
 * MAC, instance and lease state; free rows go; a VIF's random MAC that equals the MAC V6 derives for
 * another address holds that address back until the VIF is released; new VIF ids follow the old ones.
 */
class AddressAllocationsMigrationTest {
    static final String NET1 = "10.9.0.0/28";
    static final String NET2 = "10.9.0.16/28";
    static final UUID VIF_A = UUID.fromString("11111111-2222-4333-8444-555555555555");
    static final long MAC_A = 0xfa163eabcdefL;
    static final long MAC_CLASHING = 0xfa163e000015L; // V6 gives net2 the block from 16: 10.9.0.21 derives fa:16:3e:00:00:15
    static final long MAC_RELEASED = 0xfa163e123456L;

    @Test
    void h2_carriesAllocationsOver() throws SQLException {
        try (TestDatabase db = TestDatabase.h2Empty()) {
            carriesAllocationsOver(db);
        }
    }

    @Test
    @Tag("postgres")
    void postgres_carriesAllocationsOver() throws SQLException {
        try (TestDatabase db = TestDatabase.postgresEmpty()) {
            carriesAllocationsOver(db);
        }
    }

    private static void carriesAllocationsOver(TestDatabase db) throws SQLException {
        Flyway.configure().dataSource(db.url(), db.user().orElse(null), db.password().orElse(null))
                .locations("classpath:db/migration").target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null));
             Statement s = c.createStatement()) {
            long net1 = network(s, "old1", NET1, 300, "p");
            long net2 = network(s, "old2", NET2, 301, "q");
            fixedIps(s, net1, 0x0a090000L);
            fixedIps(s, net2, 0x0a090010L);
            vif(s, 5, VIF_A, MAC_A, net1, "vm-a", 0x0a090003L);
            vif(s, 2000, UUID.randomUUID(), MAC_CLASHING, net1, "vm-b", 0x0a090004L);
            s.execute("UPDATE fixed_ips SET leased = TRUE WHERE address = " + 0x0a090003L);
            s.execute("UPDATE fixed_ips SET leased = TRUE, instance_id = 'vm-old', mac = " + MAC_RELEASED
                    + ", released_at = CURRENT_TIMESTAMP WHERE address = " + 0x0a090005L);
        }

        try (JdbcStore store = db.open()) {
            VlanManager manager = new VlanManager(store, Clock.systemUTC(), VlanManagerConfig.defaults());
            List<FixedIp> inUse = store.addresses(AddressFilter.inUseEverywhere());
            assertThat(inUse).extracting(ip -> ip.address().toString() + " " + ip.state() + " " + ip.instance().orElseThrow().value()
                    + " " + ip.mac().orElseThrow()).containsExactly(
                    "10.9.0.3 leased vm-a fa:16:3e:ab:cd:ef",
                    "10.9.0.4 allocated vm-b fa:16:3e:00:00:15",
                    "10.9.0.5 released vm-old fa:16:3e:12:34:56");
            assertThat(store.addresses(new AddressFilter(Optional.empty(), Optional.empty(), Optional.empty(), false))
                    .stream().filter(FixedIp::reserved)).hasSize(8);
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT vif_id, vif_uuid FROM fixed_ips WHERE address = " + 0x0a090003L)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5);
                assertThat(rs.getObject(2, UUID.class)).isEqualTo(VIF_A);
            }

            List<Allocation> q = new ArrayList<>();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 16; i++) {
                    q.add(manager.allocate(ProjectId.of("q"), InstanceId.of("vm-q" + i), Optional.empty()));
                }
            }).isInstanceOf(ExhaustedException.class);
            assertThat(q).extracting(a -> a.address().toString())
                    .containsExactly("10.9.0.19", "10.9.0.20", "10.9.0.22", "10.9.0.23", "10.9.0.24", "10.9.0.25", "10.9.0.26",
                            "10.9.0.27", "10.9.0.28", "10.9.0.29", "10.9.0.30"); // not .21, whose MAC vm-b holds
            assertThat(q).allSatisfy(a -> assertThat(a.vifId()).isGreaterThan(2000));
            assertThat(q.get(0).mac()).isEqualTo(new MacAddress(0xfa163e000013L));
            assertThatThrownBy(() -> manager.allocate(ProjectId.of("q"), InstanceId.of("vm-x"), Optional.of("10.9.0.21")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("held back");

            manager.release("10.9.0.4");
            Allocation freed = manager.allocate(ProjectId.of("q"), InstanceId.of("vm-x"), Optional.of("10.9.0.21"));
            assertThat(freed.mac()).isEqualTo(new MacAddress(MAC_CLASHING));
            assertThat(freed.address()).isEqualTo(Ipv4Address.parse("10.9.0.21"));
        }
    }

    private static long network(Statement s, String label, String cidr, int vlan, String project) throws SQLException {
        long first = Ipv4Address.parse(cidr.substring(0, cidr.indexOf('/'))).unsigned();
        s.execute("INSERT INTO networks (uuid, label, cidr, first_address, last_address, gateway, dhcp_server, dhcp_start, vlan, bridge,"
                + " bridge_interface, mtu, project_id, change_seq, created_at) VALUES ('" + UUID.randomUUID() + "', '" + label + "', '"
                + cidr + "', " + first + ", " + (first + 15) + ", " + (first + 1) + ", " + (first + 2) + ", " + (first + 3) + ", "
                + vlan + ", 'br" + vlan + "', 'eth0', 1500, '" + project + "', 1, CURRENT_TIMESTAMP)");
        try (ResultSet rs = s.executeQuery("SELECT id FROM networks WHERE label = '" + label + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every address, as V1-V5 pre-populated them. */
    private static void fixedIps(Statement s, long networkId, long first) throws SQLException {
        for (long a = first; a < first + 16; a++) {
            boolean reserved = a == first || a == first + 1 || a == first + 2 || a == first + 15;
            s.execute("INSERT INTO fixed_ips (network_id, address, reserved, allocated, leased, change_seq, project_id)"
                    + " SELECT " + networkId + ", " + a + ", " + reserved + ", FALSE, FALSE, 0, project_id FROM networks WHERE id = " + networkId);
        }
    }

    private static void vif(Statement s, long id, UUID uuid, long mac, long networkId, String instance, long address) throws SQLException {
        s.execute("INSERT INTO virtual_interfaces (id, uuid, mac, network_id, instance_id, created_at, address) VALUES (" + id + ", '"
                + uuid + "', " + mac + ", " + networkId + ", '" + instance + "', CURRENT_TIMESTAMP, " + address + ")");
        s.execute("UPDATE fixed_ips SET allocated = TRUE, vif_id = " + id + ", instance_id = '" + instance + "', mac = " + mac
                + " WHERE address = " + address);
    }
}
