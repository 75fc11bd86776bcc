package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.xenapi.client.JsonRpcResponder.Fault;
import io.xenvlan.xenapi.client.JsonRpcResponder.Raw;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's wire handling: envelopes, error shapes and client-side failures. */
class XenApiClientWireTest {
    private JsonRpcResponder pool;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        pool = JsonRpcResponder.http().acceptingLogin();
    }

    @AfterEach
    void stop() {
        release.countDown();
        pool.close();
    }

    private XenApiClient client(XenApiClientConfig.Builder tweak) {
        return XenApiClient.create(tweak.build());
    }

    private XenApiClient client() {
        return client(XenApiClientConfig.builder(pool.url(), "root", Password.of("s3cret")));
    }

    @Test
    void call_sendsSessionFirstAndDecodesTheRecord() {
        pool.on("VLAN.get_record", p -> {
            assertThat(p.get(0).asText()).isEqualTo("OpaqueRef:session-1");
            assertThat(p.get(1).asText()).isEqualTo("OpaqueRef:vlan");
            return Map.of("uuid", "u-1", "tagged_PIF", "OpaqueRef:p1", "untagged_PIF", "OpaqueRef:p2",
                    "tag", 100, "other_config", Map.of("a", "b"));
        });
        try (XenApiClient client = client()) {
            VlanRecord vlan = client.vlans().getRecord(Ref.of("OpaqueRef:vlan"));
            assertThat(vlan).isEqualTo(new VlanRecord("u-1", Ref.of("OpaqueRef:p1"), Ref.of("OpaqueRef:p2"), 100,
                    Map.of("a", "b")));
        }
    }

    @Test
    void login_sendsUserPasswordVersionOriginator() {
        pool.on("session.login_with_password", p -> {
            assertThat(p).hasSize(4);
            assertThat(p.get(0).asText()).isEqualTo("root");
            assertThat(p.get(1).asText()).isEqualTo("s3cret");
            assertThat(p.get(3).asText()).isEqualTo("xenvlan");
            return "OpaqueRef:s";
        });
        try (XenApiClient client = client()) {
            client.login();
        }
        assertThat(pool.calls("session.login_with_password")).isEqualTo(1);
    }

    @Test
    void failure_keepsCodeAndParamsUnchanged() {
        pool.on("VLAN.create", p -> {
            throw new Fault("VLAN_TAG_INVALID", "5000");
        });
        try (XenApiClient client = client()) {
            assertThatThrownBy(() -> client.vlans().create(Ref.of("OpaqueRef:pif"), 5000, Ref.of("OpaqueRef:net")))
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("VLAN_TAG_INVALID");
                        assertThat(e.params()).containsExactly("5000");
                        assertThat(e.isClientSide()).isFalse();
                        assertThat(e.code()).isEqualTo("backend_failure");
                    });
        }
    }

    @Test
    void failure_jsonRpc1ArrayShapeIsRead() {
        pool.on("network.destroy", p -> new Raw(200, JsonRpcResponder.utf8(
                "{\"result\":null,\"error\":[\"NETWORK_CONTAINS_PIF\",\"OpaqueRef:a\",\"OpaqueRef:b\"],\"id\":2}")));
        try (XenApiClient client = client()) {
            assertThatThrownBy(() -> client.networks().destroy(Ref.of("OpaqueRef:n")))
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("NETWORK_CONTAINS_PIF");
                        assertThat(e.params()).containsExactly("OpaqueRef:a", "OpaqueRef:b");
                    });
        }
    }

    @Test
    void garbageReply_isBadReply() {
        pool.on("VM.get_all", p -> new Raw(200, JsonRpcResponder.utf8("<html>oops")));
        try (XenApiClient client = client()) {
            assertThatThrownBy(() -> client.vms().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e ->
                            assertThat(e.errorCode()).isEqualTo(XenApiException.BAD_REPLY));
        }
    }

    @Test
    void wrongReplyId_isBadReply() {
        pool.on("VM.get_all", p -> new Raw(200, JsonRpcResponder.utf8("{\"jsonrpc\":\"2.0\",\"result\":[],\"id\":999999}")));
        try (XenApiClient client = client()) {
            assertThatThrownBy(() -> client.vms().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(XenApiException.BAD_REPLY);
                        assertThat(e.param(1)).contains("does not match");
                    });
        }
    }

    @Test
    void httpErrorWithoutJsonRpcBody_isHttpStatus() {
        pool.on("VM.get_all", p -> new Raw(500, JsonRpcResponder.utf8("Internal error")));
        try (XenApiClient client = client()) {
            assertThatThrownBy(() -> client.vms().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(XenApiException.HTTP_STATUS);
                        assertThat(e.params()).containsExactly("VM.get_all", pool.url().resolve("/jsonrpc").toString(), "500");
                    });
        }
    }

    @Test
    void oversizedReply_isRefusedAtTheLimit() {
        String big = "x".repeat(4096);
        pool.on("VM.get_all", p -> List.of(big));
        try (XenApiClient client = client(XenApiClientConfig.builder(pool.url(), "root", Password.of("p"))
                .maxReplyBytes(2048))) {
            assertThatThrownBy(() -> client.vms().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(XenApiException.BAD_REPLY);
                        assertThat(e.param(1)).contains("larger than 2048");
                    });
        }
    }

    @Test
    void oversizedChunkedReply_isCutAtTheLimit() {
        String big = "{\"jsonrpc\":\"2.0\",\"result\":[\"" + "x".repeat(100_000) + "\"],\"id\":2}";
        pool.on("VM.get_all", p -> new Raw(200, JsonRpcResponder.utf8(big), true));
        try (XenApiClient client = client(XenApiClientConfig.builder(pool.url(), "root", Password.of("p"))
                .maxReplyBytes(4096))) {
            assertThatThrownBy(() -> client.vms().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(XenApiException.BAD_REPLY);
                        assertThat(e.param(1)).contains("larger than 4096");
                    });
            pool.on("VM.get_all", p -> List.of());
            assertThat(client.vms().getAll()).isEmpty(); // the client is still usable
        }
    }

    @Test
    void stalledPool_isTimeout() {
        pool.on("VM.get_all", p -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        try (XenApiClient client = client(XenApiClientConfig.builder(pool.url(), "root", Password.of("p"))
                .requestTimeout(Duration.ofMillis(300)))) {
            assertThatThrownBy(() -> client.vms().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(XenApiException.TIMEOUT);
                        assertThat(e.params()).containsExactly("VM.get_all", pool.url().resolve("/jsonrpc").toString(), "PT0.3S");
                    });
        }
    }

    @Test
    void nobodyListening_isConnectFailed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (XenApiClient client = XenApiClient.create(XenApiClientConfig.builder(
                URI.create("http://127.0.0.1:" + port), "root", Password.of("p")).build())) {
            assertThatThrownBy(client::login)
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(XenApiException.CONNECT_FAILED);
                        assertThat(e.param(0)).isEqualTo("session.login_with_password");
                        assertThat(e.isClientSide()).isTrue();
                        assertThat(e.neverSent()).isTrue();
                    });
        }
    }

    @Test
    void password_neverInToStringOrErrors() {
        pool.on("session.login_with_password", p -> {
            throw new Fault("SESSION_AUTHENTICATION_FAILED", p.get(0).asText(), "Authentication failure");
        });
        XenApiClientConfig config = XenApiClientConfig.builder(pool.url(), "root", Password.of("s3cret")).build();
        try (XenApiClient client = XenApiClient.create(config)) {
            assertThat(config.toString()).doesNotContain("s3cret");
            assertThat(client.toString()).doesNotContain("s3cret");
            assertThatThrownBy(client::login)
                    .isInstanceOfSatisfying(XenApiException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("SESSION_AUTHENTICATION_FAILED");
                        assertThat(e.getMessage() + e.details()).doesNotContain("s3cret");
                    });
        }
    }
}
