package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.xenapi.client.JsonRpcResponder.Fault;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A master that stops answering (HA moved the role): the client finds the new one through the hosts it learned. */
class XenApiFailoverTest {

    private static Map<String, Object> hosts(JsonRpcResponder... endpoints) {
        Map<String, Object> records = new java.util.LinkedHashMap<>();
        for (int i = 0; i < endpoints.length; i++) {
            records.put("OpaqueRef:h" + i, Map.of("address", "127.0.0.1:" + endpoints[i].port(), "name_label", "host" + i));
        }
        return records;
    }

    private static XenApiClient clientFor(JsonRpcResponder endpoint) {
        return XenApiClient.create(XenApiClientConfig.builder(endpoint.url(), "root", Password.of("pw")).build());
    }

    @Test
    void masterGone_clientLogsInWhereTheNewMasterIsAndRetriesTheCall() throws IOException {
        JsonRpcResponder oldMaster = JsonRpcResponder.http().acceptingLogin();
        try (JsonRpcResponder member = JsonRpcResponder.http(); JsonRpcResponder newMaster = JsonRpcResponder.http()) {
            oldMaster.on("host.get_all_records", p -> hosts(oldMaster, member, newMaster))
                    .on("network.get_all", p -> List.of("OpaqueRef:old"));
            member.on("session.login_with_password", p -> {
                throw new Fault("HOST_IS_SLAVE", "127.0.0.1:" + newMaster.port());
            });
            newMaster.acceptingLogin().on("network.get_all", p -> List.of("OpaqueRef:new"));
            try (XenApiClient client = clientFor(oldMaster)) {
                assertThat(client.call("network.get_all").get(0).asText()).isEqualTo("OpaqueRef:old");
                oldMaster.close();

                assertThat(client.call("network.get_all").get(0).asText()).isEqualTo("OpaqueRef:new");
                assertThat(client.masterUrl().getPort()).isEqualTo(newMaster.port());
            }
            assertThat(member.calls("session.login_with_password")).isEqualTo(1);
        }
    }

    @Test
    void masterGoneAndNoHostsKnown_isConnectFailed() throws IOException {
        JsonRpcResponder master = JsonRpcResponder.http().acceptingLogin().on("network.get_all", p -> List.of());
        try (XenApiClient client = clientFor(master)) {
            client.call("network.get_all");
            master.close();
            assertThatThrownBy(() -> client.call("network.get_all")).isInstanceOfSatisfying(XenApiException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(XenApiException.CONNECT_FAILED));
        }
    }
}
