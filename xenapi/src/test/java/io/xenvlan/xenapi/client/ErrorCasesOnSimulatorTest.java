package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.xenvlan.sim.SimHost;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference's error cases reach the caller as one XenApiException with code and params unchanged. */
class ErrorCasesOnSimulatorTest {
    private SimulatedPool pool;
    private XenApiClient client;
    private Ref<NetworkRecord> network;
    private List<Ref<PifRecord>> trunks;

    @BeforeEach
    void start() {
        pool = SimulatedPool.start(3, 0);
        client = pool.client();
        network = client.networks().create(NetworkSpec.managed("br100", "", 1500, Map.of()));
        trunks = List.copyOf(client.pifs().getAllRecordsWhere(
                XenFilter.and(XenFilter.eq("device", "eth1"), XenFilter.eq("VLAN", "-1"))).keySet());
    }

    @AfterEach
    void stop() {
        client.close();
        pool.close();
    }

    private static void assertXenApiError(ThrowingCallable call, String code, Consumer<List<String>> params) {
        assertThatThrownBy(call).isInstanceOfSatisfying(XenApiException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            params.accept(e.params());
        });
    }

    @Test
    void tag5000_isVlanTagInvalid() {
        assertXenApiError(() -> client.vlans().create(trunks.get(0), 5000, network), "VLAN_TAG_INVALID",
                p -> assertThat(p).containsExactly("5000"));
        assertThat(client.networks().getPifs(network)).isEmpty();
    }

    @Test
    void secondVlanForTheSameNetworkOnAHost_isNetworkAlreadyConnected() {
        Ref<PifRecord> trunk = trunks.get(0);
        client.vlans().create(trunk, 100, network);
        Ref<PifRecord> existing = client.networks().getPifs(network).get(0);
        String host = client.pifs().getRecord(trunk).host().value();

        assertXenApiError(() -> client.vlans().create(trunk, 200, network), "NETWORK_ALREADY_CONNECTED",
                p -> assertThat(p).containsExactly(host, existing.value()));
    }

    @Test
    void vlanOnAVlanPif_isPifIsVlan() {
        client.vlans().create(trunks.get(0), 100, network);
        Ref<PifRecord> vlanPif = client.networks().getPifs(network).get(0);
        Ref<NetworkRecord> other = client.networks().create(NetworkSpec.managed("br200", "", 1500, Map.of()));

        assertXenApiError(() -> client.vlans().create(vlanPif, 200, other), "PIF_IS_VLAN",
                p -> assertThat(p).containsExactly(vlanPif.value()));
    }

    @Test
    void unknownRef_isHandleInvalid() {
        Ref<NetworkRecord> unknown = Ref.of("OpaqueRef:00000000-0000-0000-0000-000000000000");
        assertXenApiError(() -> client.networks().getRecord(unknown), "HANDLE_INVALID",
                p -> assertThat(p).containsExactly("network", unknown.value()));
    }

    @Test
    void unknownUuid_isUuidInvalid() {
        assertXenApiError(() -> client.vms().getByUuid("no-such-uuid"), "UUID_INVALID",
                p -> assertThat(p).containsExactly("VM", "no-such-uuid"));
    }

    @Test
    void badFilter_isInvalidValueWithTheExpression() {
        assertXenApiError(() -> client.networks().getAllRecordsWhere("field \"name__label\" != \"x\""), "INVALID_VALUE",
                p -> assertThat(p.get(0)).isEqualTo("field \"name__label\" != \"x\""));
    }

    @Test
    void unknownMethod_throughTheGenericCall() {
        assertXenApiError(() -> client.call("network.frobnicate", network), "MESSAGE_METHOD_UNKNOWN",
                p -> assertThat(p).containsExactly("network.frobnicate"));
    }

    @Test
    void badSession_isSessionInvalidWithTheRef() {
        JsonRpcTransport raw = new JsonRpcTransport(HttpClient.newHttpClient(), new ObjectMapper(), 1 << 20, XenApiCallObserver.NONE);
        assertXenApiError(() -> raw.call(pool.sim.url(), "network.get_all", List.of("OpaqueRef:bogus"), Duration.ofSeconds(5)),
                "SESSION_INVALID", p -> assertThat(p).containsExactly("OpaqueRef:bogus"));
    }

    @Test
    void wrongPassword_isSessionAuthenticationFailed() {
        try (XenApiClient wrong = XenApiClient.create(XenApiClientConfig.builder(pool.sim.url(), "root",
                Password.of("wrong")).build())) {
            assertXenApiError(wrong::login, "SESSION_AUTHENTICATION_FAILED", p -> assertThat(p.get(0)).isEqualTo("root"));
        }
    }

    @Test
    void memberHost_redirectsToTheMaster() {
        SimHost member = pool.sim.hosts().get(2);
        try (XenApiClient viaMember = pool.clientAt(member.url())) {
            assertThat(viaMember.networks().getByNameLabel("br100")).containsExactly(network);
            assertThat(viaMember.masterUrl()).isEqualTo(pool.sim.url());
        }
        assertThat(pool.sim.stats().calls("session.login_with_password")).isEqualTo(3); // setup, member, master
    }
}
