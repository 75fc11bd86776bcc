package io.xenvlan.server.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
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
}
