package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.xenvlan.xenapi.client.JsonRpcResponder.Fault;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session and redirect paths the simulator cannot produce: a master that moves after login, a
 * pool that keeps refusing the new session, members pointing at each other.
 */
class XenApiSessionTest {
    private JsonRpcResponder master;
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        master = JsonRpcResponder.http();
        master.on("session.login_with_password", p -> {
            String ref = "OpaqueRef:s" + (live.size() + master.calls("session.login_with_password"));
            live.add(ref);
            return ref;
        }).on("session.logout", p -> {
            live.remove(p.get(0).asText());
            return "";
        }).on("host.get_all", p -> {
            if (!live.contains(p.get(0).asText())) {
                throw new Fault("SESSION_INVALID", p.get(0).asText());
            }
            return List.of("OpaqueRef:h1");
        });
    }

    @AfterEach
    void stop() {
        master.close();
    }

    private XenApiClient clientFor(JsonRpcResponder endpoint) {
        return XenApiClient.create(XenApiClientConfig.builder(endpoint.url(), "root", Password.of("pw")).build());
    }

    @Test
    void sessionInvalidAgainAfterRelogin_surfaces() {
        master.on("host.get_all", p -> {
            throw new Fault("SESSION_INVALID", p.get(0).asText());
        });
        try (XenApiClient client = clientFor(master)) {
            assertThatThrownBy(() -> client.hosts().getAll())
                    .isInstanceOfSatisfying(XenApiException.class, e -> assertThat(e.errorCode()).isEqualTo("SESSION_INVALID"));
        }
        assertThat(master.calls("host.get_all")).isEqualTo(2);
    }

    @Test
    void masterMovedAfterLogin_callFollowsWithNewSession() throws IOException {
        try (JsonRpcResponder demoted = JsonRpcResponder.http()) {
            demoted.acceptingLogin().on("host.get_all", p -> {
                throw new Fault("HOST_IS_SLAVE", "127.0.0.1:" + master.port());
            });
            try (XenApiClient client = clientFor(demoted)) {
                client.login();
                assertThat(client.hosts().getAll()).containsExactly(Ref.of("OpaqueRef:h1"));
            }
            assertThat(master.calls("session.login_with_password")).isEqualTo(1);
        }
    }

    @Test
    void redirectLoop_endsWithTooManyRedirects() throws IOException {
        try (JsonRpcResponder member = JsonRpcResponder.http()) {
            member.on("session.login_with_password", p -> {
                throw new Fault("HOST_IS_SLAVE", "127.0.0.1:" + member.port());
            });
            try (XenApiClient client = clientFor(member)) {
                assertThatThrownBy(client::login)
                        .isInstanceOfSatisfying(XenApiException.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(XenApiException.TOO_MANY_REDIRECTS);
                            assertThat(e.params()).hasSize(XenApiClientConfig.DEFAULT_MAX_REDIRECTS + 1);
                        });
            }
        }
    }
}
