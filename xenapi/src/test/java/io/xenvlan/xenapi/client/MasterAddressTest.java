package io.xenvlan.xenapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MasterAddressTest {
    private static final URI MEMBER = URI.create("https://member.example:8443/");

    @Test
    void bareAddress_keepsSchemeAndPort() {
        assertThat(MasterAddress.resolve(MEMBER, "192.0.2.1")).isEqualTo(URI.create("https://192.0.2.1:8443/"));
    }

    @Test
    void hostAndPort_replacesThePort() {
        assertThat(MasterAddress.resolve(MEMBER, "master.example:9363")).isEqualTo(URI.create("https://master.example:9363/"));
    }

    @Test
    void ipv6_bareAndBracketed() {
        assertThat(MasterAddress.resolve(MEMBER, "2001:db8::1")).isEqualTo(URI.create("https://[2001:db8::1]:8443/"));
        assertThat(MasterAddress.resolve(MEMBER, "[2001:db8::1]:443")).isEqualTo(URI.create("https://[2001:db8::1]:443/"));
    }

    @Test
    void fullUrl_isTakenAsIs() {
        assertThat(MasterAddress.resolve(MEMBER, "http://127.0.0.1:4000")).isEqualTo(URI.create("http://127.0.0.1:4000/"));
    }

    @Test
    void garbage_isBadReply() {
        for (String bad : new String[] {"", "host:notaport", "[::1", "host:99999"}) {
            assertThatThrownBy(() -> MasterAddress.resolve(MEMBER, bad))
                    .isInstanceOfSatisfying(XenApiException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(XenApiException.BAD_REPLY));
        }
    }
}
