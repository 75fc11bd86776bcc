package io.xenvlan.server.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.core.floating.Associated;
import io.xenvlan.core.floating.FloatingAssociation;
import io.xenvlan.core.floating.FloatingIp;
import io.xenvlan.core.floating.FloatingPool;
import io.xenvlan.core.floating.FloatingPoolName;
import io.xenvlan.core.floating.IngressRule;
import io.xenvlan.core.floating.PoolUsage;
import io.xenvlan.core.ipam.Allocation;
import io.xenvlan.core.ipam.FixedIp;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.DnsDomain;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The records the API writes and the CLI's remote backend reads back: their JSON (snake_case, in
 * declaration order, the optional fields left out when absent) and the same record after the round
 * trip, so a remote command prints what a local one prints.
 */
class ViewsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static <T> T roundTrip(T view, String expectedJson) throws Exception {
        String json = JSON.writeValueAsString(view);
        assertThat(json).isEqualTo(expectedJson);
        @SuppressWarnings("unchecked")
        T back = (T) JSON.readValue(json, view.getClass());
        assertThat(back).isEqualTo(view);
        return back;
    }

    @Test
    void page_alwaysCarriesNextOffset_nullOnTheLastPage() throws Exception {
        roundTrip(new Page<>(List.of("a"), 3, 1, 0, 1), "{\"items\":[\"a\"],\"total\":3,\"limit\":1,\"offset\":0,\"next_offset\":1}");
        roundTrip(new Page<>(List.of("c"), 3, 1, 2, null), "{\"items\":[\"c\"],\"total\":3,\"limit\":1,\"offset\":2,\"next_offset\":null}");
    }

    @Test
    void node_withoutALease_leavesTheLeaseOut_andADrainNamesItsNetworksByIdAlone() throws Exception {
        NodeNetworkView listed = new NodeNetworkView(7, "net7", 107, "p1", 42L);
        roundTrip(new NodesView(42, List.of(NodeView.of("node-b", null, List.of(listed))), List.of()),
                "{\"change_sequence\":42,\"nodes\":[{\"node\":\"node-b\",\"networks\":[{\"id\":7,\"label\":\"net7\","
                        + "\"vlan\":107,\"project\":\"p1\",\"published_sequence\":42}]}],\"unclaimed\":[]}");
        roundTrip(new NodeView("node-a", true, true, false, 1500L, 30000L, "2030-01-01T00:00:00Z", 50, List.of(NodeNetworkView.idOnly(7))),
                "{\"node\":\"node-a\",\"alive\":true,\"draining\":true,\"away\":false,\"lease_age_ms\":1500,\"lease_ms\":30000,"
                        + "\"started\":\"2030-01-01T00:00:00Z\",\"max_networks\":50,\"networks\":[{\"id\":7}]}");
    }

    @Test
    void pool_leavesHostsAndErrorOutUnlessAskedFor() throws Exception {
        PoolView pool = new PoolView("lab", "https://192.0.2.1", "bridge", null, "pinned", null, null);
        roundTrip(pool, "{\"name\":\"lab\",\"url\":\"https://192.0.2.1\",\"vif_driver\":\"bridge\",\"integration_network\":null,"
                + "\"tls\":\"pinned\"}");
        roundTrip(pool.withHosts(List.of("h1", "h2")), "{\"name\":\"lab\",\"url\":\"https://192.0.2.1\",\"vif_driver\":\"bridge\","
                + "\"integration_network\":null,\"tls\":\"pinned\",\"hosts\":[\"h1\",\"h2\"]}");
        roundTrip(pool.unreachable(new PoolView.Failure("POOL_UNREACHABLE", "no route", Map.of())),
                "{\"name\":\"lab\",\"url\":\"https://192.0.2.1\",\"vif_driver\":\"bridge\",\"integration_network\":null,"
                        + "\"tls\":\"pinned\",\"hosts\":[],\"error\":{\"code\":\"POOL_UNREACHABLE\",\"message\":\"no route\",\"details\":{}}}");
        assertThat(ComputeViews.poolTable(List.of(pool.unreachable(new PoolView.Failure("X", "no route", Map.of())))).render())
                .contains("error: no route");
    }

    @Test
    void attachedVif_flattensTheGuestAndLeavesFloatingIpAndNoticeOutWhenAbsent() throws Exception {
        AttachedVifView plain = attached(null, null);
        String common = "{\"uuid\":\"u1\",\"pool\":\"lab\",\"vm\":\"vm-1\",\"mac\":\"02:16:3e:00:00:01\",\"address\":\"10.0.0.3\",";
        String rest = "\"gateway\":\"10.0.0.1\",\"netmask\":\"255.255.255.0\",\"vlan\":100,\"bridge\":\"br100\",\"network\":\"net\","
                + "\"network_id\":7,\"project\":\"p1\",\"network_ref\":\"OpaqueRef:n\",\"vif_ref\":\"OpaqueRef:v\",\"device\":\"0\","
                + "\"plugged\":true,\"nic\":0,\"created\":true,\"hostname\":\"web\",\"public_keys\":[\"key-0\"],\"user_data_bytes\":12";
        roundTrip(plain, common + rest + "}");
        roundTrip(attached("203.0.113.5", "hostname 'web' is taken"),
                common + "\"floating_ip\":\"203.0.113.5\"," + rest + ",\"notice\":\"hostname 'web' is taken\"}");
        assertThat(ComputeViews.attachedTable(attached("203.0.113.5", null)).render()).contains("10.0.0.3 (floating 203.0.113.5)");
    }

    private static AttachedVifView attached(String floating, String notice) {
        return new AttachedVifView("u1", "lab", "vm-1", "02:16:3e:00:00:01", "10.0.0.3", floating, "10.0.0.1", "255.255.255.0", 100,
                "br100", "net", 7, "p1", "OpaqueRef:n", "OpaqueRef:v", "0", true, 0, true, new GuestView("web", List.of("key-0"), 12),
                notice);
    }

    @Test
    void vifDetail_isTheListedVifThenItsGuest_andShowPrintsEachFieldALine() throws Exception {
        VifView vif = new VifView("u1", "lab", "vm-1", 1, "attached", "02:16:3e:00:00:01", "10.0.0.3", 100, "br100", "net", 7L, "p1",
                "OpaqueRef:n", "OpaqueRef:v", "1", false, "2026-12-05T22:00:00Z");
        VifDetailView detail = roundTrip(new VifDetailView(vif, new GuestView(null, List.of("a", "b"), null)),
                "{\"uuid\":\"u1\",\"pool\":\"lab\",\"vm\":\"vm-1\",\"nic\":1,\"state\":\"attached\",\"mac\":\"02:16:3e:00:00:01\","
                        + "\"address\":\"10.0.0.3\",\"vlan\":100,\"bridge\":\"br100\",\"network\":\"net\",\"network_id\":7,\"project\":\"p1\","
                        + "\"network_ref\":\"OpaqueRef:n\",\"vif_ref\":\"OpaqueRef:v\",\"device\":\"1\",\"plugged\":false,"
                        + "\"created_at\":\"2026-12-05T22:00:00Z\",\"hostname\":null,\"public_keys\":[\"a\",\"b\"],\"user_data_bytes\":null}");
        String table = GuestViews.table(detail).render();
        assertThat(table.lines()).hasSize(21).first().asString().startsWith("FIELD");
        assertThat(table).contains("public_keys      a, b").contains("hostname         -").contains("network_id       7");
    }

    @Test
    void detachmentDriftHostsVmsAndUserData_roundTrip() throws Exception {
        DetachmentView d = roundTrip(new DetachmentView("lab", "vm-1", List.of(new DetachmentView.Detached("u1", 0, null, "10.0.0.3", 7L)),
                "detached 1 VIF"), "{\"pool\":\"lab\",\"vm\":\"vm-1\",\"detached\":[{\"uuid\":\"u1\",\"nic\":0,\"mac\":null,"
                + "\"address\":\"10.0.0.3\",\"network_id\":7}],\"message\":\"detached 1 VIF\"}");
        assertThat(ComputeViews.detachedTable(d).render()).contains("vm-1  lab   0    u1   -    10.0.0.3");
        roundTrip(new DriftView("lab", "net", "MISSING_PIF", "", "no PIF", true),
                "{\"pool\":\"lab\",\"network\":\"net\",\"kind\":\"MISSING_PIF\",\"host\":\"\",\"detail\":\"no PIF\",\"repairable\":true}");
        roundTrip(new HostView("h1", "hu", "192.0.2.2", true), "{\"name\":\"h1\",\"uuid\":\"hu\",\"address\":\"192.0.2.2\",\"enabled\":true}");
        roundTrip(new VmView("web", "vm-1", "Running", "h1", List.of(new VmView.Vif("u1", "m", "10.0.0.3", "net", 100, "p1", "0", true))),
                "{\"name\":\"web\",\"uuid\":\"vm-1\",\"power_state\":\"Running\",\"host\":\"h1\",\"vifs\":[{\"uuid\":\"u1\",\"mac\":\"m\","
                        + "\"address\":\"10.0.0.3\",\"network\":\"net\",\"vlan\":100,\"project\":\"p1\",\"device\":\"0\",\"plugged\":true}]}");
        roundTrip(UserDataView.of(java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"), new byte[] {1, 2, 3}),
                "{\"vif\":\"00000000-0000-0000-0000-000000000001\",\"user_data\":\"AQID\",\"bytes\":3}");
    }

    private static final UUID NET_UUID = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    private static Network network(boolean optionals) {
        return new Network(7, NET_UUID, NetworkLabel.of("net"), Cidr.parse("10.0.0.0/24"), Ipv4Address.parse("10.0.0.1"),
                Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.3"),
                optionals ? Optional.of(Ipv4Address.parse("192.0.2.53")) : Optional.empty(), Optional.empty(),
                optionals ? Optional.of(DnsDomain.parse("lab.example")) : Optional.empty(), VlanTag.of(100), new BridgeName("br100"),
                InterfaceName.of("bridge_interface", "eth0"), 1500, optionals ? Optional.of(ProjectId.of("p1")) : Optional.empty(),
                optionals ? Optional.of("node-1") : Optional.empty());
    }

    private static final String NETWORK_HEAD = "{\"id\":7,\"uuid\":\"00000000-0000-0000-0000-00000000000a\",\"label\":\"net\","
            + "\"cidr\":\"10.0.0.0/24\",\"netmask\":\"255.255.255.0\",\"gateway\":\"10.0.0.1\",\"broadcast\":\"10.0.0.255\","
            + "\"dhcp_server\":\"10.0.0.1\",\"dhcp_start\":\"10.0.0.3\",";

    @Test
    void network_writesEveryFieldWithNullsForTheAbsentOnes_andUsageOnlyWhenCounted() throws Exception {
        roundTrip(Views.network(network(false)), NETWORK_HEAD + "\"dns1\":null,\"dns2\":null,\"dns_domain\":null,\"vlan\":100,"
                + "\"bridge\":\"br100\",\"bridge_interface\":\"eth0\",\"mtu\":1500,\"project\":null,\"host\":null}");
        NetworkView full = Views.network(network(true));
        String fullJson = NETWORK_HEAD + "\"dns1\":\"192.0.2.53\",\"dns2\":null,\"dns_domain\":\"lab.example\",\"vlan\":100,"
                + "\"bridge\":\"br100\",\"bridge_interface\":\"eth0\",\"mtu\":1500,\"project\":\"p1\",\"host\":\"node-1\"";
        roundTrip(full, fullJson + "}");
        NetworkView counted = roundTrip(full.withUsage(new NetworkView.Usage(256, 3, 2, 1, 250)),
                fullJson + ",\"usage\":{\"total\":256,\"reserved\":3,\"allocated\":2,\"released\":1,\"free\":250}}");
        assertThat(counted.withoutUsage()).isEqualTo(full);
        assertThat(Views.networkTable(List.of(full)).render()).endsWith(
                "7   net    10.0.0.0/24  100   br100   10.0.0.1  10.0.0.1     10.0.0.3    p1       node-1  lab.example\n");
        String details = Views.networkDetails(full).render();
        assertThat(details.lines().skip(1).map(line -> line.split(" +", 2)[0]).toList())
                .as("network show names the JSON's fields, in its order").isEqualTo(fieldNames(full));
        assertThat(details).startsWith("FIELD").contains("dns2              -\n").contains("bridge_interface  eth0\n")
                .contains("dns_domain        lab.example\n").contains("id                7\n");
    }

    @Test
    void fixedIp_writesNullsForWhatItHasNot_andTheTableShowsTheMacOnlyWhileAllocated() throws Exception {
        FixedIp released = new FixedIp(7, Ipv4Address.parse("10.0.0.4"), false, false, true, Optional.of(InstanceId.of("i-1")),
                Optional.of(MacAddress.parse("02:16:3e:00:00:01")), Optional.of(Instant.parse("2026-12-05T22:00:00Z")));
        FixedIpView view = roundTrip(Views.fixedIp(released), "{\"address\":\"10.0.0.4\",\"network_id\":7,\"state\":\"released\","
                + "\"allocated\":false,\"leased\":true,\"reserved\":false,\"instance\":\"i-1\",\"mac\":\"02:16:3e:00:00:01\","
                + "\"released_at\":\"2026-12-05T22:00:00Z\"}");
        roundTrip(Views.fixedIp(new FixedIp(7, Ipv4Address.parse("10.0.0.2"), true, false, false, Optional.empty(), Optional.empty(),
                Optional.empty())), "{\"address\":\"10.0.0.2\",\"network_id\":7,\"state\":\"reserved\",\"allocated\":false,"
                + "\"leased\":false,\"reserved\":true,\"instance\":null,\"mac\":null,\"released_at\":null}");
        assertThat(Views.fixedIpTable(List.of(view)).render())
                .endsWith("10.0.0.4  7        released  i-1       -    2026-12-05T22:00:00Z\n");
    }

    @Test
    void allocation_carriesWhatTheInstanceNeedsOfItsNetwork() throws Exception {
        Allocation a = new Allocation(42, NET_UUID, InstanceId.of("i-1"), MacAddress.parse("02:16:3e:00:00:01"), Ipv4Address.parse("10.0.0.3"),
                network(false));
        AllocationView view = roundTrip(Views.allocation(a), "{\"address\":\"10.0.0.3\",\"mac\":\"02:16:3e:00:00:01\",\"instance\":\"i-1\","
                + "\"vif_id\":42,\"vif_uuid\":\"00000000-0000-0000-0000-00000000000a\",\"network\":\"net\",\"network_id\":7,\"vlan\":100,"
                + "\"bridge\":\"br100\",\"gateway\":\"10.0.0.1\",\"netmask\":\"255.255.255.0\",\"project\":null}");
        assertThat(Views.allocationTable(List.of(view)).render())
                .endsWith("10.0.0.3  02:16:3e:00:00:01  i-1       -        net      100   br100   10.0.0.1\n");
    }

    @Test
    void floatingPool_namesItsInterfaceField_interface() throws Exception {
        FloatingPoolView pool = roundTrip(FloatingViews.pool(new PoolUsage(FloatingPool.parse("pub", "203.0.113.0/29", Optional.of("eth1")), 2, 1)),
                "{\"pool\":\"pub\",\"range\":\"203.0.113.0/29\",\"interface\":\"eth1\",\"usable\":6,\"allocated\":2,"
                        + "\"associated\":1,\"free\":4}");
        roundTrip(FloatingViews.pool(new PoolUsage(FloatingPool.parse("pub", "203.0.113.0/29", Optional.empty()), 0, 0)),
                "{\"pool\":\"pub\",\"range\":\"203.0.113.0/29\",\"interface\":null,\"usable\":6,\"allocated\":0,"
                        + "\"associated\":0,\"free\":6}");
        assertThat(FloatingViews.poolTable(List.of(pool)).render()).endsWith("pub   203.0.113.0/29  eth1       6       2          1           4\n");
    }

    @Test
    void floatingIp_andAssociated_putMovedFromAfterTheFloatingIpsFields() throws Exception {
        FloatingIp held = new FloatingIp(Ipv4Address.parse("203.0.113.2"), FloatingPoolName.of("pub"), ProjectId.of("p1"), Optional.empty(), false);
        roundTrip(FloatingViews.floatingIp(held), "{\"address\":\"203.0.113.2\",\"pool\":\"pub\",\"project\":\"p1\",\"state\":\"allocated\","
                + "\"fixed_address\":null,\"network_id\":null,\"instance\":null,\"auto_assigned\":false}");
        FloatingIp pointed = new FloatingIp(Ipv4Address.parse("203.0.113.2"), FloatingPoolName.of("pub"), ProjectId.of("p1"),
                Optional.of(new FloatingAssociation(Ipv4Address.parse("10.0.0.3"), 7, Optional.of(InstanceId.of("i-1")))), true);
        String fields = "{\"address\":\"203.0.113.2\",\"pool\":\"pub\",\"project\":\"p1\",\"state\":\"associated\","
                + "\"fixed_address\":\"10.0.0.3\",\"network_id\":7,\"instance\":\"i-1\",\"auto_assigned\":true";
        roundTrip(FloatingViews.associated(new Associated(pointed, Optional.empty())), fields + ",\"moved_from\":null}");
        AssociatedView moved = roundTrip(FloatingViews.associated(new Associated(pointed, Optional.of(Ipv4Address.parse("10.0.0.9")))),
                fields + ",\"moved_from\":\"10.0.0.9\"}");
        assertThat(FloatingViews.floatingIpTable(List.of(moved.floatingIp())).render())
                .endsWith("203.0.113.2  pub   p1       associated  10.0.0.3       i-1       yes\n");
    }

    @Test
    void ingressRule_writesItsPortsAsText_andNullForEveryPort() throws Exception {
        IngressRuleView rule = roundTrip(FloatingViews.rule(IngressRule.parse("p1", "tcp", Optional.of("80-81"), Optional.empty()).withId(3)),
                "{\"id\":3,\"project\":\"p1\",\"protocol\":\"tcp\",\"port\":\"80-81\",\"from\":\"0.0.0.0/0\"}");
        roundTrip(FloatingViews.rule(IngressRule.parse("p1", "icmp", Optional.empty(), Optional.of("198.51.100.0/24")).withId(4)),
                "{\"id\":4,\"project\":\"p1\",\"protocol\":\"icmp\",\"port\":null,\"from\":\"198.51.100.0/24\"}");
        assertThat(FloatingViews.ruleTable(List.of(rule)).render()).endsWith("3   p1       tcp       80-81  0.0.0.0/0\n");
    }

    private static List<String> fieldNames(Object view) {
        List<String> names = new java.util.ArrayList<>();
        JSON.valueToTree(view).fieldNames().forEachRemaining(names::add);
        return names;
    }
}
