package io.xenvlan.netnode.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.xenvlan.core.guest.GuestProfile;
import io.xenvlan.core.guest.GuestView;
import io.xenvlan.core.guest.SshPublicKey;
import io.xenvlan.core.guest.TestKeys;
import io.xenvlan.core.guest.UserData;
import io.xenvlan.core.network.Network;
import io.xenvlan.core.value.BridgeName;
import io.xenvlan.core.value.Cidr;
import io.xenvlan.core.value.Hostname;
import io.xenvlan.core.value.InstanceId;
import io.xenvlan.core.value.InterfaceName;
import io.xenvlan.core.value.Ipv4Address;
import io.xenvlan.core.value.MacAddress;
import io.xenvlan.core.value.NetworkLabel;
import io.xenvlan.core.value.ProjectId;
import io.xenvlan.core.value.VlanTag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetadataDocumentsTest {
    private static final Network NET = new Network(7, UUID.fromString("00000000-0000-4000-8000-000000000007"),
            new NetworkLabel("blue"), Cidr.parse("10.9.0.0/24"), Ipv4Address.parse("10.9.0.1"), Ipv4Address.parse("10.9.0.2"),
            Ipv4Address.parse("10.9.0.3"), Optional.empty(), Optional.empty(), Optional.empty(), VlanTag.of(100), new BridgeName("br100"),
            new InterfaceName("eth1"), 1450, Optional.of(ProjectId.of("acme")), Optional.of("node-a"));
    private static final String KEY = TestKeys.ed25519(3, "ops");

    private static GuestView vm(Optional<byte[]> userData, Optional<Ipv4Address> floating) {
        return new GuestView(InstanceId.of("i-1"), UUID.fromString("11111111-2222-4333-8444-555555555555"), Ipv4Address.parse("10.9.0.5"),
                MacAddress.parse("fa:16:3e:00:00:05"), ProjectId.of("acme"), "lab",
                new GuestProfile(new Hostname("web"), "Web", List.of(SshPublicKey.parse("k", KEY), SshPublicKey.parse("k", TestKeys.ed25519(4, ""))),
                        userData.map(UserData::of)), floating);
    }

    private static String text(String path, GuestView vm) {
        return new String(MetadataDocuments.at(path, vm, NET).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    @Test
    void openstack_versionsFilesAndDocuments() {
        GuestView vm = vm(Optional.of(new byte[] {1, 2, 0}), Optional.empty());
        assertThat(text("/openstack", vm).lines()).startsWith("2012-08-10").endsWith("latest");
        assertThat(text("/openstack/2012-08-10/", vm).lines()).containsExactly("meta_data.json", "user_data");
        assertThat(text("/openstack/2016-10-06", vm).lines())
                .containsExactly("meta_data.json", "user_data", "vendor_data.json", "network_data.json", "vendor_data2.json");
        assertThat(text("/openstack/latest/meta_data.json", vm)).contains("\"uuid\":\"i-1\"", "\"hostname\":\"web\"",
                "\"availability_zone\":\"lab\"", "\"project_id\":\"acme\"", "\"ops\":\"" + KEY + "\"", "\"key-2\":");
        assertThat(MetadataDocuments.at("/openstack/latest/user_data", vm, NET).orElseThrow().body()).containsExactly(1, 2, 0);
        assertThat(MetadataDocuments.at("/openstack/2012-08-10/network_data.json", vm, NET)).as("not before 2015-10-15").isEmpty();
        assertThat(text("/openstack/latest/network_data.json", vm)).contains("\"ip_address\":\"10.9.0.5\"", "\"mtu\":1450",
                "\"gateway\":\"10.9.0.1\"", "{\"type\":\"dns\",\"address\":\"10.9.0.2\"}");
        assertThat(MetadataDocuments.at("/openstack/2011-01-01/meta_data.json", vm, NET)).isEmpty();
        assertThat(MetadataDocuments.at("/openstack/latest/meta_data.json/x", vm, NET)).isEmpty();
    }

    @Test
    void ec2_treeAsCloudInitWalksIt() {
        GuestView vm = vm(Optional.empty(), Optional.of(Ipv4Address.parse("203.0.113.9")));
        assertThat(text("/latest/meta-data/", vm).lines()).contains("instance-id", "hostname", "local-ipv4", "public-ipv4", "mac",
                "public-keys/", "placement/");
        assertThat(text("/2009-04-04/meta-data/public-keys", vm).lines()).containsExactly("0=ops", "1=key-2");
        assertThat(text("/latest/meta-data/public-keys/0/", vm)).isEqualTo("openssh-key");
        assertThat(text("/latest/meta-data/public-keys/0/openssh-key", vm)).isEqualTo(KEY + "\n");
        assertThat(text("/latest/meta-data/public-ipv4", vm)).isEqualTo("203.0.113.9");
        assertThat(text("/latest/meta-data/placement/availability-zone", vm)).isEqualTo("lab");
        assertThat(text("/latest", vm)).isEqualTo("meta-data");
        assertThat(MetadataDocuments.at("/latest/user-data", vm, NET)).as("none given").isEmpty();
        assertThat(MetadataDocuments.at("/latest/meta-data/public-ipv4", vm(Optional.empty(), Optional.empty()), NET)).isEmpty();
        assertThat(MetadataDocuments.at("/latest/meta-data/nope", vm, NET)).isEmpty();
        assertThat(MetadataDocuments.at("/../etc/passwd", vm, NET)).isEmpty();
    }

    @Test
    void rateLimiter_burstThenRate_perCaller() {
        long[] now = {0};
        RequestRateLimiter limiter = new RequestRateLimiter(2, 3, 2, () -> now[0]);
        assertThat(List.of(limiter.tryAcquire("a"), limiter.tryAcquire("a"), limiter.tryAcquire("a"), limiter.tryAcquire("a")))
                .containsExactly(true, true, true, false);
        assertThat(limiter.tryAcquire("b")).as("another VM has its own bucket").isTrue();
        now[0] += 500_000_000L;
        assertThat(limiter.tryAcquire("a")).as("half a second at 2/s: one more").isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
    }
}
